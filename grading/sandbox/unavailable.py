"""The error of a sandbox that cannot run on this machine (raised by the launcher and the
preflight check)."""


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run here; the message says how to fix it in one sentence.

    ``details``: what a failed trial sandbox printed (for the instructor's log).
    """

    def __init__(self, message, details=""):
        super().__init__(message)
        self.details = details
