"""The Typer root app and options shared by every command.

Command modules import `app` (or a sub-app) from here and register themselves;
`agents/cli/__init__.py` imports them all. Keep this module cheap to import.
"""

from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="signbridge",
    help="An open, offline-first assistant for sign languages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
knowledge_app = typer.Typer(help="Build, import into and inspect the knowledge base.", no_args_is_help=True)
eval_app = typer.Typer(help="Run scripted evaluation suites.", no_args_is_help=True)
train_app = typer.Typer(help="Offline training runs for the tools' models.", no_args_is_help=True)
app.add_typer(knowledge_app, name="knowledge")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")


class State:
    debug = False


JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
LangOpt = Annotated[str, typer.Option("--lang", "-l", help="Sign language: code, abbreviation or name (e.g. gsg, DGS, 'German Sign Language').")]
OptLangOpt = Annotated[Optional[str], typer.Option("--lang", "-l", help="Sign language: code, abbreviation or name; omit to search all.")]
OutDirOpt = Annotated[Optional[Path], typer.Option("--out", help="Output directory (default ./signbridge-out or $SIGNBRIDGE_OUT).")]


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
):
    """signbridge: look up, produce, describe, translate and learn sign languages, offline first."""
    State.debug = debug


def settings(**overrides):
    """The one Settings object of this process, from the environment plus CLI overrides.

    Paths typed on the command line are the user's own (`trusted_paths`); the agent's tools
    confine the paths a model chooses (`Settings.untrusted()`).
    """
    from signbridge.agents.cli.progress_view import install
    from signbridge.knowledge import disk_cache
    from signbridge.knowledge.settings import Settings

    result = Settings.from_env(trusted_paths=True, **overrides)
    install(result)  # rich bars on a terminal, status lines in logs
    disk_cache.use(result.cache_dir)  # lemma dictionaries, glyph outlines: read from disk, not rebuilt per process
    return result
