"""`signbridge knowledge build|stats|import`: the shared knowledge base."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from signbridge.agents.cli.app import JsonOpt, knowledge_app, settings
from signbridge.agents.cli.output import console, err_console, print_json


@knowledge_app.command("build")
def build(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Reload the built-in sources and re-embed everything.")] = False,
    json_output: JsonOpt = False,
):
    """Build (or refresh) the index of the built-in sources; imports are kept."""
    import time

    from signbridge.knowledge.store import KnowledgeBase

    started = time.perf_counter()
    kb = KnowledgeBase.open(settings(), build_if_missing=not rebuild, progress=not json_output)
    if rebuild:
        kb.progress = not json_output
        kb.build(rebuild=True)
    stats = kb.stats()
    stats["seconds"] = round(time.perf_counter() - started, 2)
    if json_output:
        print_json(stats)
        return
    _print_stats(stats)


@knowledge_app.command("stats")
def stats(json_output: JsonOpt = False):
    """Entries per language and source (builds the index first if needed)."""
    from signbridge.knowledge.store import KnowledgeBase

    kb = KnowledgeBase.open(settings(), progress=not json_output)
    data = kb.stats()
    if json_output:
        print_json(data)
        return
    _print_stats(data)


@knowledge_app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(help="spoken-to-signed | videos | prompt2sign | signverse | documents")],
    path: Annotated[Path, typer.Argument(help="Folder (or file) to import; every file read must lie inside it.")],
    lang: Annotated[Optional[str], typer.Option("--lang", "-l", help="Sign language of the data (code or name); "
                                                 "required when the data does not say.")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="Source name (default: the folder name); "
                                                 "rerunning with the same name resumes.")] = None,
    license_: Annotated[Optional[str], typer.Option("--license", help="Licence of the data, recorded as provenance.")] = None,
    json_output: JsonOpt = False,
):
    """Import a lexicon, poses or documents; resumable (rerun the same command to continue)."""
    from signbridge.knowledge.importers import run_import
    from signbridge.knowledge.languages import resolve
    from signbridge.knowledge.store import KnowledgeHandle

    code = resolve(lang).code if lang else None
    cfg = settings()
    report = run_import(kind, path, cfg, language=code, name=name, license=license_, progress=not json_output,
                        kb=KnowledgeHandle(cfg, progress=not json_output))
    all_failed = report.failed and not report.done
    if json_output:
        print_json(report.to_json())
        if all_failed:
            raise typer.Exit(1)
        return
    out = console()
    out.print(f"[bold]{report.kind}[/bold] import '{report.source}' from {report.root}: "
              f"{report.done} done ({report.newly_done} new, {report.already_done} already), "
              f"{len(report.failed)} failed, {report.entries_added} entries added")
    for failure in report.failed[:50]:
        err_console().print(f"[yellow]failed[/yellow] {failure['item']}: {failure['reason']}")
    if len(report.failed) > 50:
        err_console().print(f"... and {len(report.failed) - 50} more (use --json for all)")
    if all_failed:
        err_console().print("error: every item failed; nothing was imported (reasons above)")
        raise typer.Exit(1)


def _print_stats(stats: dict) -> None:
    from rich.table import Table

    table = Table(title=f"knowledge base: {stats['entries']} entries ({stats['signs']} signs, {stats['letters']} letters, "
                        f"{stats['documents']} document chunks)",
                  caption=f"index {stats['index_dir']} · embeddings {stats['embedding']}")
    for column in ("language", "source", "signs", "letters", "documents"):
        table.add_column(column)
    for code, sources in stats["languages"].items():
        for source, kinds in sources.items():
            table.add_row(code, source, str(kinds.get("sign", "-")), str(kinds.get("letter", "-")),
                          str(kinds.get("document", "-")))
    console().print(table)
    for job, counts in stats.get("imports", {}).items():
        err_console().print(f"[dim]import {job}: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
                            + "[/dim]")
    for source, n in stats.get("skipped", {}).items():
        err_console().print(f"[dim]{source}: {n} records without any gloss were not indexed[/dim]")
