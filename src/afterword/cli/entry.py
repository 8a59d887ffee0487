"""The `afterword` executable: the fast path for the hottest reads, then the warm process
(cli.warm_client), then the full command line in-process."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Runs afterword with `argv` (default: the process arguments) and returns the exit code."""
    args = sys.argv[1:] if argv is None else argv
    if not os.environ.get("AFTERWORD_NO_FAST_PATH"):
        from afterword.cli.fast import try_fast_path

        code = try_fast_path(args)
        if code is not None:
            return code
    if argv is None:  # only the executable itself hands its process over
        from afterword.cli.warm_client import try_warm

        code = try_warm(args)
        if code is not None:
            return code
    from afterword.cli.app import run

    return run(args)
