"""Reusable widgets. Each carries its own DEFAULT_CSS; app styling lives in app.tcss."""
