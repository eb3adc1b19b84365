"""`signbridge eval run|list`: scripted eval suites through the same code paths users hit."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from signbridge.agents.cli.app import JsonOpt, OutDirOpt, eval_app, settings


@eval_app.command("run")
def run(
    suite: Annotated[Optional[list[Path]], typer.Argument(help="Suite .yaml files or folders of them (default: the built-in suites).")] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a self-contained HTML report here.")] = None,
    markdown: Annotated[Optional[Path], typer.Option("--markdown", help="Write a Markdown report here (plots as PNGs beside it).")] = None,
    checkpoint: Annotated[Optional[Path], typer.Option("--checkpoint", help="Folder of trained models for back-translation cases.")] = None,
    only: Annotated[Optional[str], typer.Option("--only", help="Run only cases whose 'suite/case' id contains this text.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List every case, not only the ones that did not pass.")] = False,
    out: OutDirOpt = None,
    json_out: JsonOpt = False,
):
    """Run eval suites, print a table and a summary; exit 1 if a suite fails.

    Example: signbridge eval run evals/suites/dgs_lookup.yaml --report report.html
    """
    from signbridge.agents.cli.outpaths import checked_out_dir, checked_out_file
    from signbridge.knowledge.errors import InputError
    from signbridge.evals.suites import builtin_dir, load_suites

    # every output path is checked before the (possibly long) run
    out = checked_out_dir(out)
    report = checked_out_file(report, (".html", ".htm"), "report file", out)
    markdown = checked_out_file(markdown, (".md", ".markdown"), "Markdown report", out)
    suites = load_suites(*(suite or [builtin_dir()]))
    if only:
        for s in suites:
            s.cases = [c for c in s.cases if only.casefold() in f"{s.name}/{c.id}".casefold()]
        suites = [s for s in suites if s.cases]
        if not suites:
            raise InputError(f"no case id contains '{only}' (ids are 'suite/case')")
    if checkpoint is not None and not checkpoint.is_dir():
        problem = "is not a folder" if checkpoint.exists() else "does not exist"
        raise InputError(f"checkpoint folder '{checkpoint}' {problem}")
    cfg = settings(out_dir=out)
    run_result = _run_with_progress(suites, cfg, checkpoint)

    written = []
    if report:
        from signbridge.evals.report import write_html

        written.append(write_html(run_result, report))
    if markdown:
        from signbridge.evals.report import write_markdown

        written.append(write_markdown(run_result, markdown))
    if json_out:
        from signbridge.agents.cli.output import print_json

        data = run_result.to_json()
        data["reports"] = [str(p) for p in written]
        print_json(data)
    else:
        _print_human(run_result, show_all, written)
    if run_result.interrupted:
        raise typer.Exit(130)
    if not run_result.ok:
        raise typer.Exit(1)


@eval_app.command("list")
def list_suites(
    folder: Annotated[Optional[Path], typer.Argument(help="Folder of suites (default: the built-in suites).")] = None,
    json_out: JsonOpt = False,
):
    """List the suites in a folder with their case counts by kind."""
    from collections import Counter

    from signbridge.evals.suites import builtin_dir, load_suites

    suites = load_suites(folder or builtin_dir())
    rows = [{"name": s.name, "path": str(s.path), "cases": len(s.cases),
             "kinds": dict(Counter(c.kind for c in s.cases)), "description": s.description} for s in suites]
    if json_out:
        from signbridge.agents.cli.output import print_json

        print_json(rows)
        return
    from rich.table import Table

    from signbridge.agents.cli.output import console

    table = Table(title="eval suites")
    for column in ("suite", "cases", "kinds", "file"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["name"], str(row["cases"]), ", ".join(f"{k} {n}" for k, n in row["kinds"].items()), Path(row["path"]).name)
    console().print(table)


def _run_with_progress(suites, cfg, checkpoint):
    from signbridge.evals.runner import run_suites
    from signbridge.knowledge.progress import tracker

    total = sum(len(s.cases) for s in suites)
    with tracker(True) as progress:  # rich bars on a terminal, periodic status lines otherwise
        task = progress.add_task("eval", total=total)

        def advance(case):
            progress.update(task, advance=1, description=f"eval {case.suite}/{case.id}: {case.status}")

        return run_suites(suites, cfg, checkpoint=checkpoint.resolve() if checkpoint else None, on_case=advance)


def details(text: str, limit: int = 300) -> str:
    """A case's reason, shortened at a word boundary (a hint is never cut inside a flag like --languages)."""
    import textwrap

    return textwrap.shorten(text, limit, placeholder=" …") if len(text) > limit else text


STYLE = {"pass": "green", "fail": "red", "error": "dark_orange", "not_run": "grey50"}


def _print_human(run_result, show_all: bool, written) -> None:
    from rich.table import Table

    from signbridge.agents.cli.output import console

    out = console()
    # not-run cases are grouped by reason (a suite without --checkpoint would otherwise fill the screen)
    cases = run_result.cases if show_all else [c for c in run_result.cases if c.status in ("fail", "error")]
    if cases:
        table = Table(title="cases" if show_all else "cases that did not pass", show_lines=False)
        for column in ("suite", "case", "kind", "lang", "status", "ms", "details"):
            table.add_column(column, overflow="fold")
        for case in cases:
            table.add_row(case.suite, case.id, case.kind, case.language or "", f"[{STYLE[case.status]}]{case.status}[/]",
                          "" if case.latency_ms is None else f"{case.latency_ms:.0f}", details(case.summary()))
        out.print(table)
    if not show_all:
        from collections import Counter

        for suite in run_result.suites:
            reasons = Counter(c.error for c in suite.cases if c.status == "not_run")
            if len(reasons) > 3:  # e.g. one reason per language: summarise
                n = sum(reasons.values())
                out.print(f"[grey50]{suite.name}: {n} cases not run, for {len(reasons)} different reasons, "
                          f"e.g. {next(iter(reasons))} (--all lists them)[/]")
                continue
            for reason, n in reasons.items():
                out.print(f"[grey50]{suite.name}: {n} case{'s' if n > 1 else ''} not run: {reason}[/]")
    summary = Table(title="suites")
    for column in ("suite", "status", "pass rate", "pass", "fail", "error", "not run", "p50 ms", "p95 ms"):
        summary.add_column(column)
    for suite in run_result.suites:
        s = suite.to_json()
        rate = "—" if s["pass_rate"] is None else f"{100 * s['pass_rate']:.0f}% (need {100 * s['min_pass_rate']:.0f}%)"
        lat = s["latency_ms"]
        summary.add_row(suite.name, f"[{STYLE[s['status']]}]{s['status']}[/]", rate,
                        *(str(s["counts"][k]) for k in ("pass", "fail", "error", "not_run")),
                        f"{lat['p50']:.0f}" if "p50" in lat else "", f"{lat['p95']:.0f}" if "p95" in lat else "")
        for check in s["thresholds"]:
            summary.add_row(f"  mean {check['expected']}",
                            f"[{'green' if check['ok'] else 'red'}]{'ok' if check['ok'] else 'fail'}[/]",
                            f"got {check['actual']:.3g}" if isinstance(check["actual"], float) else str(check["actual"]))
    out.print(summary)
    agg = run_result.aggregates()
    counts = agg["counts"]
    verdict = "[green]PASS[/]" if run_result.ok else "[red]INTERRUPTED[/]" if run_result.interrupted else "[red]FAIL[/]"
    out.print(f"{verdict}: {counts['pass']} passed, {counts['fail']} failed, {counts['error']} errors, "
              f"{counts['not_run']} not run in {run_result.seconds:.1f} s")
    for path in written:
        out.print(f"report: {path}")
