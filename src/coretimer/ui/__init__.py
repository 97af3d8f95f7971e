"""The Textual UI: the App, its screens and widgets, the messages between them, the stylesheet.

Only `coretimer.cli.app_commands` (and the tests) import this package; nothing of the core
imports it.
"""
