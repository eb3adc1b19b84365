"""`signbridge translate FILE --lang CODE` (SLT) and `signbridge recognize FILE --lang CODE` (SLR)."""

from pathlib import Path
from typing import Annotated

import typer

from signbridge.agents.cli.app import JsonOpt, LangOpt, app, settings
from signbridge.agents.cli.output import console, print_json

FileArg = Annotated[Path, typer.Argument(help="A video (.mp4/.mov/.webm) or .pose file in the working directory "
                                              "or a folder listed in SIGNBRIDGE_READ_ROOTS.")]


def _run(task: str, file: Path, lang: str, json_output: bool) -> None:
    from signbridge.knowledge.errors import NotConfiguredError
    from signbridge.tools import recognition

    cfg = settings()
    function = recognition.translate if task == "translate" else recognition.recognize
    result = function(file, lang, cfg, roots=[Path.cwd(), *cfg.read_roots])
    if json_output:
        print_json(result.to_json())
        if not result.ok:
            raise typer.Exit(2)
        return
    if not result.ok:
        raise NotConfiguredError(result.message)
    from rich.text import Text

    console().print(Text(f"{result.text}"), style="bold")
    console().print(Text(result.message), style="dim")


@app.command()
def translate(file: FileArg, lang: LangOpt, json_output: JsonOpt = False):
    """Translate a signed video or pose file into text (needs a trained SLT model for the language)."""
    _run("translate", file, lang, json_output)


@app.command()
def recognize(file: FileArg, lang: LangOpt, json_output: JsonOpt = False):
    """Recognise the isolated sign in a video or pose file (needs a trained SLR model for the language)."""
    _run("recognize", file, lang, json_output)
