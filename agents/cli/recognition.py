"""`signbridge translate FILE --lang CODE` (SLT) and `signbridge recognize FILE --lang CODE` (SLR)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from signbridge.agents.cli.app import JsonOpt, LangOpt, app, settings
from signbridge.agents.cli.output import console, print_json

FileArg = Annotated[Path, typer.Argument(help="A video (.mp4/.mov/.webm) or .pose file.")]


def _run(task: str, file: Path, lang: str, json_output: bool, **options) -> None:
    from signbridge.knowledge.errors import NotConfiguredError
    from signbridge.tools import recognition

    cfg = settings()
    function = recognition.translate if task == "translate" else recognition.recognize
    result = function(file, lang, cfg, **options)
    if json_output:
        print_json(result.to_json())
        if not result.ok:
            raise typer.Exit(2)
        return
    if not result.ok:
        raise NotConfiguredError(result.message)
    from rich.text import Text

    console().print(Text(f"{result.text}"), style="bold")
    if result.candidates:  # SLR: the top-k glosses with scores, one per line
        for rank, c in enumerate(result.candidates, start=1):
            console().print(Text(f"{rank}. {c['gloss']}  {c['score']:.3f}"))
        for note in result.notes:
            console().print(Text(note), style="dim")
        return
    console().print(Text(result.message), style="dim")


@app.command()
def translate(
    file: FileArg,
    lang: LangOpt,
    model: Annotated[Optional[Path], typer.Option("--model", help="A trained SLT folder (`signbridge train slt` / `train grpo`); default: one under <home>/models/slt/.")] = None,
    json_output: JsonOpt = False,
):
    """Translate a signed video or pose file into text (needs a trained SLT model for the language)."""
    if model is not None and not model.is_dir():
        from signbridge.knowledge.errors import InputError

        raise InputError(f"--model '{model}' is not a folder; train one with: signbridge train slt --out {model}")
    _run("translate", file, lang, json_output, model=model)


@app.command()
def recognize(
    file: FileArg,
    lang: LangOpt,
    model: Annotated[Optional[Path], typer.Option("--model", help="Model folder from `signbridge train slr` (default: one under <home>/models/slr/).")] = None,
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=50, help="How many glosses to list.")] = 5,
    json_output: JsonOpt = False,
):
    """Recognise the isolated sign in a .pose file: the top-k glosses with scores (needs a trained SLR model)."""
    _run("recognize", file, lang, json_output, model=model, k=top_k)
