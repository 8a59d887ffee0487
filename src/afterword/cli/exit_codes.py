"""Exit codes of the command line."""

import enum


class ExitCode(enum.IntEnum):
    """What a command's exit status means."""

    OK = 0
    ERROR = 1  # the user's input or data was refused; the message says why
    USAGE = 2  # the command line itself was malformed (unknown option, missing argument)
    PARTIAL = 3  # an import finished but skipped rows it could not read
    BUSY = 75  # the database was busy with other work: trying again later will do (EX_TEMPFAIL)
    INTERRUPTED = 130
    INTERNAL = 70  # a bug: details went to the log file, not to the screen
