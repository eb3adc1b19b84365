"""`signbridge lookup QUERY [--lang CODE] [-k N] [--json]`: find signs for a word or phrase."""

from typing import Annotated

import typer

from agents.cli.app import JsonOpt, OptLangOpt, app, settings
from agents.cli.output import console, err_console, print_json


@app.command()
def lookup(
    query: Annotated[str, typer.Argument(help="A word or short phrase in the spoken language, e.g. 'Haus'.")],
    lang: OptLangOpt = None,
    k: Annotated[int, typer.Option("-k", "--top", min=1, max=100, help="How many hits to show.")] = 5,
    json_output: JsonOpt = False,
):
    """Look a word up in the sign dictionaries (exact, lemma, typo-tolerant, phrase and vector matches)."""
    from knowledge.languages import resolve
    from knowledge.lookup import lookup as run_lookup
    from knowledge.store import KnowledgeBase

    code = resolve(lang).code if lang else None
    cfg = settings()
    kb = KnowledgeBase.open(cfg, progress=not json_output)
    result = run_lookup(query, language=code, k=k, settings=cfg, kb=kb)
    if json_output:
        print_json(result.to_json())
        return
    if not result.hits:
        console().print(f"no hits for '{result.query}'" + (f" in {code}" if code else ""))
        for note in result.notes:
            err_console().print(f"[dim]note:[/dim] {note}")
        return
    from rich.table import Table

    table = Table(title=f"lookup '{result.query}'" + (f" in {code}" if code else " (all languages)"))
    for column in ("#", "gloss", "words", "lang", "score", "sure", "match", "source", "pose", "SW", "HNS"):
        table.add_column(column, overflow="fold")
    for n, hit in enumerate(result.hits, 1):
        e = hit.entry
        gloss = e.gloss + (f" ({e.variant})" if e.variant else "")
        table.add_row(str(n), gloss, ", ".join(e.words[:3]), e.language, f"{hit.score:.2f}",
                      "[green]yes[/green]" if hit.confident else "[yellow]no[/yellow]", hit.match, e.source.name,
                      "yes" if e.has_pose else "-", "yes" if e.signwriting else "-", "yes" if e.hamnosys else "-")
    console().print(table)
    err_console().print("[dim]sure = confident match; SW = SignWriting, HNS = HamNoSys available "
                        "(use --json to see them)[/dim]")
    for note in result.notes:
        err_console().print(f"[dim]note:[/dim] {note}")
