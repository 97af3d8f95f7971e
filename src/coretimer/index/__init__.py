"""The history index: derived from the session files so start-up need not read them."""
