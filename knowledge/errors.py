"""Errors meant for people: the CLI prints `str(error)` as one line and exits non-zero.

Raise a `SignbridgeError` (or a subclass) for anything the user can fix: bad input,
unknown language, a path outside the allowed roots, a missing optional extra.
Anything else is a bug and shows a traceback only with `--debug`.
"""


class SignbridgeError(Exception):
    """A problem the user can fix; the message says what was wrong and how to fix it."""

    exit_code = 2


class InputError(SignbridgeError):
    """Bad input: empty text, malformed file, unknown option value."""


class UnknownLanguageError(SignbridgeError):
    """A sign-language name or code that the registry cannot resolve."""


class PathNotAllowedError(SignbridgeError):
    """A path that falls outside the roots a command may read or write."""


class MissingExtraError(SignbridgeError):
    """An optional dependency group is not installed."""

    def __init__(self, extra: str, module: str):
        super().__init__(
            f"this needs the optional extra '{extra}' (module '{module}' is missing): "
            f'pip install "signbridge[{extra}]"'
        )


class NotConfiguredError(SignbridgeError):
    """A capability needs configuration (an LLM endpoint, a checkpoint) that is not set."""


def require(module: str, extra: str):
    """Import an optional heavy module or raise a `MissingExtraError` naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(extra, module) from error
