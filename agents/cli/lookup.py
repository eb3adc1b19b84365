"""`signbridge lookup QUERY [--lang CODE] [-k N] [--json]`: find signs for a word or phrase."""

from typing import Annotated

import typer

from signbridge.agents.cli.app import JsonOpt, OptLangOpt, app, settings
from signbridge.agents.cli.output import console, err_console, print_json


@app.command()
def lookup(
    query: Annotated[str, typer.Argument(help="A word or short phrase in the spoken language, e.g. 'Haus'.")],
    lang: OptLangOpt = None,
    k: Annotated[int, typer.Option("-k", "--top", min=1, max=100, help="How many hits to show.")] = 5,
    json_output: JsonOpt = False,
):
    """Look a word up in the sign dictionaries (exact, lemma, typo-tolerant, phrase and vector matches)."""
    from signbridge.knowledge.languages import resolve
    from signbridge.knowledge.lookup import lookup as run_lookup
    from signbridge.knowledge.lookup import validate_query
    from signbridge.knowledge.store import KnowledgeBase

    validate_query(query, k)  # bad input fails before the index is opened (or built)
    code = resolve(lang).code if lang is not None else None  # an empty --lang is an error, not "all"
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
    for column in ("#", "gloss", "words", "lang", "score", "sure", "match", "pose", "SW", "HNS", "source"):
        table.add_column(column, overflow="fold", no_wrap=column in ("gloss", "lang", "score", "sure"))
    for n, hit in enumerate(result.hits, 1):
        e = hit.entry
        gloss = e.gloss + (f" +{len(hit.variants)} variant{'s' if len(hit.variants) > 1 else ''}" if hit.variants else "")
        entries = hit.entries
        table.add_row(str(n), gloss, ", ".join(e.words[:3]), e.language, f"{hit.score:.2f}",
                      "[green]yes[/green]" if hit.confident else "[yellow]no[/yellow]", hit.match,
                      "yes" if any(x.has_pose for x in entries) else "-",
                      "yes" if any(x.signwriting for x in entries) else "-",
                      "yes" if any(x.hamnosys for x in entries) else "-", e.source.name)
    console().print(table)
    err_console().print("[dim]sure = confident match; SW = SignWriting, HNS = HamNoSys available "
                        "(--json shows them, with every variant)[/dim]")
    for note in result.notes:
        err_console().print(f"[dim]note:[/dim] {note}")
