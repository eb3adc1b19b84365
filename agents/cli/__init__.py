"""The command line: the only place that imports across knowledge, models, tools, agents and evals.

Each command module registers itself on `agents.cli.app.app`; heavy libraries are imported
inside the command functions so `signbridge --help` starts fast.
"""

import sys

from agents.cli.app import State, app
from agents.cli import languages  # noqa: F401  (registers commands)

for _module in ("knowledge_cmd", "lookup", "produce", "describe", "ask", "recognition", "evals_cmd", "train"):
    try:
        __import__(f"agents.cli.{_module}")
    except ModuleNotFoundError as _error:  # a command module not written yet
        if _error.name != f"agents.cli.{_module}":
            raise


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
