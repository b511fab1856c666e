"""Output formats: one module each, reading only report values (see registry and interface)."""
