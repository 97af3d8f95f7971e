"""The history on disk: session files, journals, trash, checks and migrations."""
