"""`python -m sovietmap` does what the `sovietmap` command does."""

from sovietmap.cli import main

raise SystemExit(main())
