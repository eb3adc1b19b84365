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
    long: Annotated[bool, typer.Option("--long", help="Details per hit: match kind, all words, variants, source.")] = False,
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
    if long:
        _table(result, code)
    else:
        _lines(result, code)
    err_console().print("[dim]sure = confident match; pose / SW (SignWriting) / HNS (HamNoSys) = what the entry has"
                        + ("" if long else "; --long for details") + "; --json shows every variant[/dim]")
    for note in result.notes:
        err_console().print(f"[dim]note:[/dim] {note}")


def _flags(hit) -> str:
    entries = hit.entries
    flags = [name for name, has in (("pose", any(x.has_pose for x in entries)),
                                    ("SW", any(x.signwriting for x in entries)),
                                    ("HNS", any(x.hamnosys for x in entries))) if has]
    return " ".join(flags) or "-"


def _gloss(hit) -> str:
    n = len(hit.variants)
    return hit.entry.gloss + (f" +{n} variant{'s' if n > 1 else ''}" if n else "")


def _lines(result, code) -> None:
    """One line a hit, cut to the terminal width: rank, gloss, (language), score, sure, flags, words."""
    from rich.text import Text

    con = console()
    con.print(Text(f"lookup '{result.query}'" + (f" in {code}" if code else " (all languages)"), style="bold"))
    for n, hit in enumerate(result.hits, 1):
        gloss = _gloss(hit)
        gloss = gloss if len(gloss) <= 24 else gloss[:23] + "…"
        line = Text(f"{n:>2} ")
        line.append(f"{gloss:<24} ", style="bold")
        if not code:
            line.append(f"{hit.entry.language:<4}")
        line.append(f"{hit.score:.2f} ")
        line.append("sure  " if hit.confident else "maybe ", style="green" if hit.confident else "yellow")
        line.append(f"{_flags(hit):<12} ")
        line.append(", ".join(hit.entry.words[:3]), style="dim")
        con.print(line, no_wrap=True, overflow="ellipsis", crop=True)


def _table(result, code) -> None:
    """Every detail, a short block a hit (readable at any width): match kind, variants, source."""
    from rich.text import Text

    con = console()
    con.print(Text(f"lookup '{result.query}'" + (f" in {code}" if code else " (all languages)"), style="bold"))
    for n, hit in enumerate(result.hits, 1):
        e = hit.entry
        con.print(Text(f"{n:>2}. {_gloss(hit)} ({e.language}): score {hit.score:.2f}, "
                       f"{'sure' if hit.confident else 'not sure'}, match {hit.match}"))
        con.print(Text(f"    words: {', '.join(e.words) or '-'}"))
        variants = [v.gloss for v in hit.variants]
        if variants:
            con.print(Text(f"    variants: {', '.join(variants)}"))
        con.print(Text(f"    has: {_flags(hit)}; source: {e.source.name}"))
