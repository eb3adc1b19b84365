"""Eval reports people can read without signbridge: one self-contained HTML file, and Markdown.

HTML: inline CSS, plots embedded as base64 PNG, failing cases with their inputs and outputs.
Markdown: the same tables; plots are written as PNG files next to it (`<name>-plots/`).
Both are written atomically (temp file, then rename).
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

from signbridge.evals.plots import PLOT_METRICS, all_plots

from signbridge.knowledge.atomic import atomic_write_bytes, atomic_write_text

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.meta{color:#666;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}
.pass{color:#2e7d32;font-weight:600}.fail{color:#c62828;font-weight:600}
.error{color:#ef6c00;font-weight:600}.not_run{color:#757575;font-weight:600}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;color:#fff;font-weight:600}
.badge.ok{background:#2e7d32}.badge.bad{background:#c62828}
.case{border:1px solid #e0e0e0;border-left:4px solid #c62828;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
.case.case-error{border-left-color:#ef6c00}
.wide{overflow-x:auto}
pre{background:#f7f7f7;padding:.5rem;overflow-x:auto;font-size:.8rem;max-height:22rem;white-space:pre-wrap}
figure{margin:1rem 0}figcaption{color:#555;font-size:.85rem}
img{max-width:100%}
"""

MAX_JSON_CHARS = 4000


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def _pct(value) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _num(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def _json_block(data) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if len(text) > MAX_JSON_CHARS:
        text = text[:MAX_JSON_CHARS] + f"\n... ({len(text) - MAX_JSON_CHARS} more characters)"
    return text


def _metric_names(groups: dict) -> list[str]:
    """Metric columns for the per-language table: the headline metrics first, at most 8."""
    seen: list[str] = []
    for group in groups.values():
        for name in group.get("metrics", {}):
            if name not in seen and name != "latency_ms":
                seen.append(name)
    headline = [name for name, _ in PLOT_METRICS if name in seen]
    return (headline + [n for n in seen if n not in headline])[:8]


def _atomic_write(path: Path, data: bytes | str) -> Path:
    return atomic_write_bytes(path, data) if isinstance(data, bytes) else atomic_write_text(path, data)


# --------------------------------------------------------------------------- HTML

def render_html(run, title: str = "signbridge eval report") -> str:
    """The whole report as one HTML string (no external files, scripts or fonts)."""
    agg = run.aggregates()
    counts = agg["counts"]
    lat = agg["latency_ms"]
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{_esc(title)}</title>",
             f"<style>{CSS}</style></head><body>",
             f"<h1>{_esc(title)} <span class='badge {'ok' if run.ok else 'bad'}'>{'PASS' if run.ok else 'FAIL'}</span></h1>",
             f"<p class='meta'>started {_esc(run.started)} · {run.seconds:.1f} s · {agg['cases']} cases: "
             f"{counts['pass']} passed, {counts['fail']} failed, {counts['error']} errors, {counts['not_run']} not run"
             f" · overall pass rate {_pct(agg['pass_rate'])}"
             + (f" · checkpoint {_esc(run.checkpoint)}" if run.checkpoint else " · no checkpoint")
             + (" · <b>interrupted</b>: later cases did not run" if run.interrupted else "") + "</p>",
             "<h2>Suites</h2><table><tr><th>suite</th><th>status</th><th>pass rate</th><th>required</th><th>pass</th>"
             "<th>fail</th><th>error</th><th>not run</th><th>p50 ms</th><th>suite thresholds</th></tr>"]
    for suite in run.suites:
        s = suite.to_json()
        thresholds = "<br>".join(f"<span class='{'pass' if c['ok'] else 'fail'}'>mean {_esc(c['expected'])}"
                                 f" (got {_num(c['actual'])})</span>" for c in s["thresholds"]) or "—"
        parts.append(f"<tr><td title='{_esc(suite.path)}'>{_esc(suite.name)}</td><td class='{s['status']}'>{s['status']}</td>"
                     f"<td>{_pct(s['pass_rate'])}</td><td>{_pct(s['min_pass_rate'])}</td>"
                     + "".join(f"<td>{s['counts'][k]}</td>" for k in ("pass", "fail", "error", "not_run"))
                     + f"<td>{_num(s['latency_ms'].get('p50'))}</td><td>{thresholds}</td></tr>")
    parts.append("</table>")

    plots = all_plots(run)
    if plots:
        parts.append("<h2>Plots</h2>")
        for caption, png in plots.values():
            data = base64.b64encode(png).decode("ascii")
            parts.append(f"<figure><img alt='{_esc(caption)}' src='data:image/png;base64,{data}'>"
                         f"<figcaption>{_esc(caption)}</figcaption></figure>")

    parts.append("<h2>Latency</h2><table><tr>" + "".join(f"<th>{_esc(k)}</th>" for k in lat) + "</tr><tr>"
                 + "".join(f"<td>{_num(v)}</td>" for v in lat.values()) + "</tr></table>"
                 "<p class='meta'>milliseconds per case; the first case of a run may include one-time index building.</p>")

    languages = agg["languages"]
    names = _metric_names(languages)
    # a wide table scrolls inside its own box; metric names may break after "_" instead of widening the page
    parts.append("<h2>Per language</h2><div class='wide'><table><tr><th>language</th><th>cases</th><th>pass rate</th>"
                 "<th>p50 ms</th>" + "".join(f"<th>{_esc(n).replace('_', '_<wbr>')}</th>" for n in names) + "</tr>")
    for lang, group in languages.items():
        parts.append(f"<tr><td>{_esc(lang)}</td><td>{group['cases']}</td><td>{_pct(group['pass_rate'])}</td>"
                     f"<td>{_num(group['latency_ms'].get('p50'))}</td>"
                     + "".join(f"<td>{_num(group['metrics'].get(n))}</td>" for n in names) + "</tr>")
    parts.append("</table></div>")

    if agg["tags"]:
        parts.append("<h2>Per tag</h2><table><tr><th>suite:tag</th><th>cases</th><th>ran</th><th>pass rate</th><th>p50 ms</th></tr>")
        for tag, group in agg["tags"].items():
            parts.append(f"<tr><td>{_esc(tag)}</td><td>{group['cases']}</td><td>{group['ran']}</td>"
                         f"<td>{_pct(group['pass_rate'])}</td><td>{_num(group['latency_ms'].get('p50'))}</td></tr>")
        parts.append("</table>")

    bad = [c for c in run.cases if c.status in ("fail", "error")]
    parts.append(f"<h2>Failing cases ({len(bad)})</h2>")
    if not bad:
        parts.append("<p>None.</p>")
    for case in bad:
        parts.append(f"<div class='case case-{case.status}'><h3>{_esc(case.suite)} / {_esc(case.id)} "
                     f"<span class='{case.status}'>{case.status}</span></h3>"
                     f"<p class='meta'>kind {_esc(case.kind)} · language {_esc(case.language)} · "
                     f"{_num(case.latency_ms)} ms{' · ' + _esc(case.description) if case.description else ''}</p>"
                     f"<p>{_esc(case.summary())}</p>")
        if case.failed_checks:
            parts.append("<table><tr><th>check</th><th>expected</th><th>actual</th></tr>"
                         + "".join(f"<tr><td>{_esc(c.name)}</td><td>{_esc(c.expected)}</td><td>{_esc(c.actual)}</td></tr>"
                                   for c in case.failed_checks) + "</table>")
        parts.append(f"<b>input</b><pre>{_esc(_json_block(case.input))}</pre>")
        if case.output:
            parts.append(f"<b>output</b><pre>{_esc(_json_block(case.output))}</pre>")
        if case.trace:
            parts.append(f"<b>traceback (tail)</b><pre>{_esc(case.trace)}</pre>")
        parts.append("</div>")

    skipped = [c for c in run.cases if c.status == "not_run"]
    if skipped:
        parts.append(f"<h2>Not run ({len(skipped)})</h2><ul>"
                     + "".join(f"<li>{_esc(c.suite)} / {_esc(c.id)}: {_esc(c.error)}</li>" for c in skipped) + "</ul>")

    parts.append("<h2>All cases</h2><details><summary>show every case</summary><div class='wide'><table><tr><th>suite</th><th>case</th>"
                 "<th>kind</th><th>language</th><th>status</th><th>ms</th><th>details</th></tr>")
    for case in run.cases:
        parts.append(f"<tr><td>{_esc(case.suite)}</td><td>{_esc(case.id)}</td><td>{_esc(case.kind)}</td>"
                     f"<td>{_esc(case.language)}</td><td class='{case.status}'>{case.status}</td>"
                     f"<td>{_num(case.latency_ms)}</td><td>{_esc(case.summary())}</td></tr>")
    parts.append("</table></div></details></body></html>")
    return "\n".join(parts)


def write_html(run, path: str | Path, title: str = "signbridge eval report") -> Path:
    return _atomic_write(Path(path), render_html(run, title))


# --------------------------------------------------------------------------- Markdown

def _md(value) -> str:
    return str("—" if value is None else value).replace("|", "\\|").replace("\n", " ")


def render_markdown(run, plot_links: dict[str, tuple[str, str]] | None = None, title: str = "signbridge eval report") -> str:
    """Markdown report; `plot_links` maps plot name -> (caption, relative PNG path)."""
    agg = run.aggregates()
    counts = agg["counts"]
    lines = [f"# {title}: {'PASS' if run.ok else 'FAIL'}", "",
             f"Started {run.started}, {run.seconds:.1f} s. {agg['cases']} cases: {counts['pass']} passed, "
             f"{counts['fail']} failed, {counts['error']} errors, {counts['not_run']} not run; overall pass rate "
             f"{_pct(agg['pass_rate'])}. Checkpoint: {run.checkpoint or 'none'}."
             + (" **Interrupted**: later cases did not run." if run.interrupted else ""), "",
             "## Suites", "", "| suite | status | pass rate | required | pass | fail | error | not run | p50 ms |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for suite in run.suites:
        s = suite.to_json()
        lines.append(f"| {_md(suite.name)} | {s['status']} | {_pct(s['pass_rate'])} | {_pct(s['min_pass_rate'])} | "
                     + " | ".join(str(s["counts"][k]) for k in ("pass", "fail", "error", "not_run"))
                     + f" | {_num(s['latency_ms'].get('p50'))} |")
        for check in s["thresholds"]:
            lines.append(f"|  ↳ mean {_md(check['expected'])} | {'pass' if check['ok'] else 'fail'} | "
                         f"got {_num(check['actual'])} | | | | | | |")
    if plot_links:
        lines += ["", "## Plots", ""]
        for caption, rel in plot_links.values():
            lines += [f"![{caption}]({rel})", ""]
    lat = agg["latency_ms"]
    lines += ["", "## Latency (ms per case)", "", "| " + " | ".join(lat) + " |", "|" + " --- |" * len(lat),
              "| " + " | ".join(_num(v) for v in lat.values()) + " |"]
    languages = agg["languages"]
    names = _metric_names(languages)
    lines += ["", "## Per language", "", "| language | cases | pass rate | p50 ms | " + " | ".join(names) + " |",
              "|" + " --- |" * (4 + len(names))]
    for lang, group in languages.items():
        lines.append(f"| {_md(lang)} | {group['cases']} | {_pct(group['pass_rate'])} | {_num(group['latency_ms'].get('p50'))} | "
                     + " | ".join(_num(group["metrics"].get(n)) for n in names) + " |")
    if agg["tags"]:
        lines += ["", "## Per tag", "", "| suite:tag | cases | ran | pass rate |", "| --- | --- | --- | --- |"]
        lines += [f"| {_md(tag)} | {g['cases']} | {g['ran']} | {_pct(g['pass_rate'])} |" for tag, g in agg["tags"].items()]
    bad = [c for c in run.cases if c.status in ("fail", "error")]
    lines += ["", f"## Failing cases ({len(bad)})", ""]
    if not bad:
        lines.append("None.")
    for case in bad:
        lines += [f"### {case.suite} / {case.id}: {case.status}", "",
                  f"kind `{case.kind}`, language `{case.language}`, {_num(case.latency_ms)} ms", "",
                  f"> {_md(case.summary())}", "", "input:", "```json", _json_block(case.input), "```"]
        if case.output:
            lines += ["output:", "```json", _json_block(case.output), "```"]
        lines.append("")
    skipped = [c for c in run.cases if c.status == "not_run"]
    if skipped:
        lines += ["", f"## Not run ({len(skipped)})", ""] + [f"- {c.suite} / {c.id}: {c.error}" for c in skipped]
    return "\n".join(lines) + "\n"


def write_markdown(run, path: str | Path, title: str = "signbridge eval report") -> Path:
    """Write `path` and its plots as PNG files in `<stem>-plots/` beside it."""
    path = Path(path)
    plot_dir = path.with_name(f"{path.stem}-plots")
    links = {}
    for name, (caption, png) in all_plots(run).items():
        _atomic_write(plot_dir / f"{name}.png", png)
        links[name] = (caption, f"{plot_dir.name}/{name}.png")
    return _atomic_write(path, render_markdown(run, links, title))
