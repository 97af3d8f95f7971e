"""`python -m coretimer.cli`."""

import sys

from coretimer.cli import main

sys.exit(main())
