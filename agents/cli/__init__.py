"""The command line: the only place that imports across knowledge, models, tools, agents and evals.

Each command module registers itself on `agents.cli.app.app`; heavy libraries are imported
inside the command functions so `signbridge --help` starts fast.
"""

import sys

from agents.cli.app import State, app
from agents.cli import (  # noqa: F401  (each module registers its commands on the app)
    ask,
    describe,
    evals_cmd,
    knowledge_cmd,
    languages,
    lookup,
    produce,
    recognition,
    train,
)


def main() -> None:
    from knowledge.errors import SignbridgeError

    try:
        app()
    except SignbridgeError as error:
        if State.debug:
            raise
        sys.stderr.write(f"error: {error}\n")
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as error:  # a bug: one line unless --debug
        if State.debug:
            raise
        sys.stderr.write(f"error: {type(error).__name__}: {error} (rerun with --debug for the traceback)\n")
        sys.exit(1)
