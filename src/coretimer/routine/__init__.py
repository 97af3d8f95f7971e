"""Routines: finding, loading and writing routine files, and their phase plans."""
