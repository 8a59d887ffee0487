"""The errors afterword reports to a person: each carries a one-line, plain message."""


class AfterwordError(Exception):
    """A problem the user can fix; its message is shown as is, without a traceback."""


class NotFoundError(AfterwordError):
    """Something the user named (an application, a contact, ...) does not exist for them."""


class InvalidInputError(AfterwordError):
    """A value the user typed or imported cannot be used; the message says which and why."""


class TransitionError(AfterwordError):
    """A pipeline change that the rules do not allow from the application's current status."""


class ConfirmationRequiredError(AfterwordError):
    """The action is allowed only after the user confirms it explicitly (e.g. reneging)."""
