"""The command line: the only place that imports across knowledge, models, tools, agents and evals.

Each command module registers itself on `signbridge.agents.cli.app.app`; heavy libraries are imported
inside the command functions so `signbridge --help` starts fast.
"""

import errno
import sys
from pathlib import Path

from signbridge.agents.cli.app import State, app
from signbridge.agents.cli import (  # noqa: F401  (each module registers its commands on the app)
    ask,
    describe,
    evals_cmd,
    knowledge_cmd,
    languages,
    lookup,
    produce,
    recognition,
    train,
    train_lm,
)


# Errors of the machine, not of the program: a read-only or full output folder, a file without
# read permission. Anything else with an errno is still treated as a bug.
_FILESYSTEM_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENOTDIR}


def filesystem_error_message(error: OSError) -> str | None:
    """One line for a permission / read-only / disk-full error, or None when `error` is something else."""
    if error.errno not in _FILESYSTEM_ERRNOS:
        return None
    where = Path(error.filename) if error.filename else None
    if where is not None and where.name.endswith(".tmp"):
        where = where.parent  # an atomic-write temp file: name the folder the user chose
    target = f" '{where}'" if where is not None else ""
    if error.errno == errno.ENOTDIR:
        return f"cannot use{target}: part of that path is a file, not a folder"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left to write{target}: free some disk space or choose another --out"
    return (f"cannot access{target}: {error.strerror or 'permission denied'}; "
            "check the folder is writable (or the file readable), or choose another --out")


def main() -> None:
    from signbridge.agents.cli.output import write_err
    from signbridge.knowledge.errors import SignbridgeError

    try:
        app()
    except SignbridgeError as error:
        if State.debug:
            raise
        write_err(f"error: {error}")
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as error:  # a bug: one line unless --debug
        if State.debug:
            raise
        message = filesystem_error_message(error) if isinstance(error, OSError) else None
        if message is not None:  # the machine's fault (permissions, full disk), not a bug
            write_err(f"error: {message}")
            sys.exit(2)
        write_err(f"error: {type(error).__name__}: {error} (rerun with --debug for the traceback)")
        sys.exit(1)
