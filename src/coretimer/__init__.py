"""coretimer: a terminal coach for back-safe core training.

Kept free of imports so that `coretimer --help` and `--version` start fast.
"""

__version__ = "0.1.0"
