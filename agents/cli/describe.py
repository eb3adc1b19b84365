"""`signbridge describe WORD --lang CODE` and `signbridge describe --vocab FILE --lang CODE --out F.jsonl`."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from signbridge.agents.cli.app import JsonOpt, LangOpt, app, settings
from signbridge.agents.cli.output import console, err_console, print_json


@app.command()
def describe(
    word: Annotated[Optional[str], typer.Argument(help="A word to describe, e.g. 'Haus' (or use --vocab).")] = None,
    lang: LangOpt = ...,
    vocab: Annotated[Optional[Path], typer.Option("--vocab", help="Vocabulary file: one word per line, UTF-8.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="JSONL output for --vocab (one row per word).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted --out file; skip words already written.")] = False,
    backend: Annotated[str, typer.Option("--backend", help="offline (rule-based) or openai (LLM rewrite; needs SIGNBRIDGE_LLM_BASE_URL).")] = "offline",
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=32, help="Parallel LLM requests (openai backend).")] = 4,
    export_slr: Annotated[Optional[Path], typer.Option("--export-slr", help="Also write label -> {global, synonyms, parts} JSON for SLR training.")] = None,
    letters: Annotated[bool, typer.Option("--letters", help="Describe the letters of the language's manual alphabet (from SignWriting) instead of --vocab words; needs --out.")] = False,
    json_output: JsonOpt = False,
):
    """Grounded multipart sign descriptions (global, synonyms, right/left hand, face, mouth, body, movement)."""
    from signbridge.knowledge.errors import InputError

    from signbridge.tools.describe.core import check_backend, resolve_language

    cfg = settings()
    resolve_language(lang)  # bad language or backend: fail before anything is opened or built
    check_backend(backend, cfg)
    if letters:
        return _letters(lang, out, export_slr, word, vocab, cfg, json_output)
    if vocab is None and word is None:
        raise InputError("give a WORD or --vocab FILE, e.g. signbridge describe Haus --lang gsg")
    if vocab is not None and word is not None:
        raise InputError("give either a WORD or --vocab FILE, not both")
    if vocab is None:
        if out is not None or resume or export_slr is not None:
            raise InputError("--out, --resume and --export-slr go with --vocab FILE")
        return _one(word, lang, backend, cfg, json_output)
    if out is None:
        raise InputError("--vocab needs --out F.jsonl (where to write one row per word)")
    from signbridge.knowledge.store import KnowledgeBase
    from signbridge.tools.describe import describe_vocab, export_slr as run_export, read_vocab

    words = read_vocab(vocab, cfg)
    kb = KnowledgeBase.open(cfg, progress=not json_output)  # first use builds the index (with a bar)
    summary = describe_vocab(words, lang, cfg, out, resume=resume, backend=backend,
                             concurrency=concurrency, progress=not json_output, kb=kb)
    if export_slr is not None:
        summary.export_path = run_export(summary.out_path, export_slr, cfg)
    nothing = summary.failed and not summary.written and not summary.skipped
    if json_output:
        print_json(summary.to_json())
        if nothing:
            raise typer.Exit(1)  # every word failed: say so to scripts
        return
    c = err_console()
    c.print(f"wrote {summary.written} rows to {summary.out_path} "
            f"({summary.grounded} grounded, {summary.ungrounded} ungrounded"
            + (f", {summary.skipped} already there" if summary.skipped else "") + ")")
    if summary.dropped_partial_line:
        c.print("[dim]note:[/dim] removed a partial last row left by an interrupted run")
    if summary.duplicates:
        c.print(f"[dim]note:[/dim] {summary.duplicates} repeated words described once")
    if summary.llm_fallbacks:
        c.print(f"[yellow]{summary.llm_fallbacks} rows kept the rule-based text after LLM errors[/yellow]")
    if summary.export_path:
        c.print(f"SLR export: {summary.export_path}")
    for item in summary.failed[:5]:
        c.print(f"[red]failed[/red] {item['word']!r}: {item['reason']}", markup=True, highlight=False)
    if len(summary.failed) > 5:
        c.print(f"[red]... {len(summary.failed) - 5} more failed words[/red] (--json lists them all)")
    if nothing:
        raise typer.Exit(1)


def _letters(lang: str, out, export_slr, word, vocab, cfg, json_output: bool) -> None:
    from signbridge.knowledge.errors import InputError
    from signbridge.tools.describe import export_slr as run_export
    from signbridge.tools.describe.letters import write_letters

    if word is not None or vocab is not None:
        raise InputError("--letters describes the whole alphabet: give no WORD and no --vocab")
    if out is None:
        raise InputError("--letters needs --out F.jsonl (where to write one row per letter)")
    path, rows = write_letters(lang, out, cfg)
    exported = run_export(path, export_slr, cfg) if export_slr is not None else None
    if json_output:
        print_json({"out_path": str(path), "rows": rows, "export_path": str(exported) if exported else None})
        return
    err_console().print(f"wrote {rows} letter descriptions (rule-based, from SignWriting) to {path}")
    if exported:
        err_console().print(f"SLR export: {exported}")


def _one(word: str, lang: str, backend: str, cfg, json_output: bool) -> None:
    from signbridge.knowledge.store import KnowledgeBase
    from signbridge.tools.describe import describe as run_describe
    from signbridge.tools.describe.offline import validate_word

    validate_word(word)  # bad input fails before the index is opened (or built)
    kb = KnowledgeBase.open(cfg, progress=not json_output)
    description = run_describe(word, lang, cfg, backend=backend, kb=kb)
    if json_output:
        print_json(description.to_json())
        return
    from rich.panel import Panel
    from rich.table import Table

    row = description.to_json()
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold")
    table.add_column()
    if row["global"]:
        table.add_row("global", row["global"])
    for name, text in row["parts"].items():
        if text:
            table.add_row(name.replace("_", " "), text)
    for text in row["synonyms"]:
        table.add_row("synonym", text)
    for src in row["sources"]:
        table.add_row("source", f"{src['id']} ({src['notation']}; {src['license']})")
    status = "[green]grounded[/green]" if row["grounded"] else "[yellow]not grounded[/yellow]"
    title = f"{row['word']} ({row['language']}{', ' + row['gloss'] if row['gloss'] else ''}) - {status} - {row['method']}"
    if not row["grounded"]:
        table.add_row("", "No dictionary entry supports a description; nothing was invented.")
    console().print(Panel(table, title=title, expand=False))
    for note in row["notes"]:
        err_console().print(f"[dim]note:[/dim] {note}")
