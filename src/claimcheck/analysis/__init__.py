"""The reading of sentences: names, clause subjects, references back, cues and their scope."""
