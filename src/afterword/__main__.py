"""Allows `python -m afterword`."""

from afterword.cli.entry import main

raise SystemExit(main())
