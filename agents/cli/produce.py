"""`signbridge produce TEXT --lang CODE [--out F.pose] [--render F.gif|.mp4|.svg|.png|.html|.sigml ...]`
and `signbridge produce --batch FILE --lang CODE`: text -> gloss -> pose, with renders and coverage."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from signbridge.agents.cli.app import JsonOpt, LangOpt, app, settings
from signbridge.agents.cli.output import console, err_console, print_json

_COLOURS = {"signed": "green", "fingerspelled": "yellow", "generated": "cyan", "hamnosys": "cyan",
            "signwriting": "magenta", "missing": "red"}


@app.command()
def produce(
    text: Annotated[Optional[str], typer.Argument(help="Text in the spoken language, e.g. 'Guten Morgen'.")] = None,
    lang: LangOpt = ...,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Pose file to write (.pose); with --batch, the output folder.")] = None,
    render: Annotated[Optional[list[Path]], typer.Option("--render", "-r", help="Render to F.gif, F.mp4 (skeleton), F.svg, F.png (SignWriting), F.html (all) or F.sigml (HamNoSys for JASigning avatars); repeatable. With --batch only the suffix counts.")] = None,
    glosser: Annotated[str, typer.Option("--glosser", help="Text-to-gloss backend: simple (rule-based, offline), llm (needs SIGNBRIDGE_LLM_BASE_URL) or lora:DIR (a trained LoRA glosser).")] = "simple",
    generator: Annotated[Optional[Path], typer.Option("--generator", help="Text-to-pose checkpoint folder (from 'signbridge train text2pose') for signs without a pose.")] = None,
    fingerspell: Annotated[bool, typer.Option("--fingerspell", help="Spell the text letter by letter instead of glossing it.")] = False,
    batch: Annotated[Optional[Path], typer.Option("--batch", help="A text file with one text per line: numbered outputs plus manifest.jsonl, resumable.")] = None,
    speed: Annotated[float, typer.Option("--speed", help="Playback rate, 0.25-4 (0.5 = half speed): the pose is resampled to more or fewer frames at the same fps.")] = 1.0,
    size: Annotated[int, typer.Option("--size", help="Animation frame size in pixels (longest side), 64-1024, for .gif/.mp4/.html renders.")] = 320,
    json_output: JsonOpt = False,
):
    """Produce signing for a text: glosses, a joined .pose, renders, and where every part came from."""
    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.languages import resolve
    from signbridge.tools.production import ProductionConfig

    language = resolve(lang)
    cfg = settings()
    config = ProductionConfig(speed=speed, render_size=size)  # checks the ranges before any work
    if batch is not None:
        if text:
            raise InputError("give either TEXT or --batch FILE, not both")
        from signbridge.knowledge.store import KnowledgeHandle
        from signbridge.tools.production_batch import run_batch

        summary = run_batch(batch, language, cfg, out, render or [], glosser, generator, fingerspell, quiet=json_output,
                            config=config, kb=KnowledgeHandle(cfg, progress=not json_output))
        if json_output:
            print_json(summary)
        else:
            from signbridge.tools.coverage_text import batch_line

            console().print(f"{batch_line(summary)}; manifest: {summary['manifest']}", markup=False)
        if (summary["failed"] or summary["empty"]) and not summary["done"] and not summary["skipped"]:
            raise typer.Exit(1)  # every line failed: say so to scripts
        return
    if text is None or not text.strip():
        raise InputError("nothing to produce: give a TEXT (e.g. signbridge produce 'Hallo' --lang gsg) or --batch FILE")

    from signbridge.tools.production import fingerspell as run_fingerspell
    from signbridge.tools.production import produce as run_produce

    cwd = Path.cwd()
    if fingerspell:
        result = run_fingerspell(text, language, cfg, out=out, renders=render or [], base=cwd, config=config)
    else:
        from signbridge.knowledge.store import KnowledgeBase

        result = run_produce(text, language, cfg, glosser=glosser, generator=generator, out=out,
                             renders=render or [], base=cwd, config=config,
                             kb=KnowledgeBase.open(cfg, progress=True))  # a first build reports progress
    if json_output:
        print_json(result.to_json())
        return
    show(result)


def show(result) -> None:
    """Rich summary for people: glosses, coverage table, files."""
    from rich.table import Table

    from rich.text import Text

    from signbridge.tools.coverage_text import headline, kind_of

    con = console()
    from signbridge.knowledge.languages import get

    lang = get(result.language)
    label = f"{lang.name} ({lang.abbreviations[0] if lang.abbreviations else lang.code})"
    con.print(Text(headline(result.text, label, result.coverage, [g.gloss for g in result.glosses])))
    con.print(f"[dim]glosses ({result.glosser}):[/dim] {' '.join(g.gloss for g in result.glosses)}", markup=True)
    table = Table(show_header=True, header_style="bold")
    for column in ("token", "gloss", "shown as", "frames", "detail"):
        table.add_column(column, overflow="fold")
    for c in result.coverage:
        kind = kind_of(c)
        colour = _COLOURS.get(kind.name, "white")
        frames = f"{c.frames[0]}-{c.frames[1]}" if c.frames else "-"
        table.add_row(c.token, c.gloss, Text(kind.label, style=colour), frames, c.detail)
    con.print(table)
    if result.pose_path:
        con.print(f"pose: {result.pose_path} ({result.frames} frames, {result.fps:g} fps)")
    for path in result.renders:
        con.print(f"render: {path}")
    for note in result.notes:
        err_console().print(f"[dim]note:[/dim] {note}")
