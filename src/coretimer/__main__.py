"""`python -m coretimer`."""

import sys

from coretimer.cli import main

sys.exit(main())
