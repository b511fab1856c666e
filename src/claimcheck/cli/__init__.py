"""The command line: one module per command, put together in cli.app (see CONTRIBUTING.md)."""
