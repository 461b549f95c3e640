"""Entry point of ``python -m tests.simulator`` (run from the collection root)."""

import sys

from .cli import main

sys.exit(main())
