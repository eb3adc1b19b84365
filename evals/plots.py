"""Plots for eval reports: matplotlib (Agg, config in a temp dir) rendered to PNG bytes.

Each function takes a `RunResult` and returns PNG bytes, or None when there is nothing to plot.
"""

from __future__ import annotations

import io
import os
from collections import defaultdict

# metrics worth a per-language panel, in display order: (name, label, higher is better)
PLOT_METRICS = (
    ("cer", "CER (lower is better)"),
    ("wer", "WER (lower is better)"),
    ("bleu", "BLEU (char, 0-100)"),
    ("chrf", "chrF (0-100)"),
    ("exact_match", "exact match"),
    ("recall_at_k", "recall@k"),
    ("reciprocal_rank", "MRR"),
    ("frames", "frames produced"),
    ("fingerspelled_fraction", "fingerspelled fraction"),
    ("parts_filled", "description parts filled"),
)
STATUS_COLORS = {"pass": "#2e7d32", "fail": "#c62828", "error": "#ef6c00", "not_run": "#9e9e9e"}


def _pyplot():
    """pyplot on the Agg backend, its caches in signbridge's data dir (not ~/.cache, ~/.config, or a new
    temporary folder per run that nothing removes)."""
    if "MPLCONFIGDIR" not in os.environ:
        from signbridge.knowledge.settings import Settings

        folder = Settings.from_env().cache_dir / "matplotlib"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["MPLCONFIGDIR"] = str(folder)
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> bytes:
    plt = _pyplot()
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def pass_rates(run) -> bytes | None:
    """Stacked bars per suite: pass / fail / error / not run."""
    if not run.suites:
        return None
    plt = _pyplot()
    names = [s.name for s in run.suites]
    fig, ax = plt.subplots(figsize=(8.0, 1.6 + 0.45 * len(names)))
    left = [0] * len(names)
    for status in ("pass", "fail", "error", "not_run"):
        counts = [s.counts[status] for s in run.suites]
        ax.barh(names, counts, left=left, color=STATUS_COLORS[status], label=status.replace("_", " "))
        left = [a + b for a, b in zip(left, counts)]
    for y, suite in enumerate(run.suites):
        rate = "not run" if suite.pass_rate is None else f"{100 * suite.pass_rate:.0f}%"
        ax.text(left[y], y, f"  {rate}", va="center", fontsize=9)
    ax.set_xlabel("cases")
    ax.set_xlim(0, max(left) * 1.18 + 1)
    ax.invert_yaxis()
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_title("Cases per suite by status")
    return _png(fig)


def latency_histogram(run) -> bytes | None:
    """Histogram of case latencies (log-spaced bins), one colour per case kind."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    for case in run.cases:
        if case.latency_ms is not None and case.status != "not_run":
            by_kind[case.kind].append(max(case.latency_ms, 0.01))
    if not by_kind:
        return None
    import numpy as np

    plt = _pyplot()
    values = [v for vs in by_kind.values() for v in vs]
    low, high = min(values), max(values)
    bins = np.geomspace(low * 0.9, high * 1.1 + 1e-9, 25) if high > low * 1.2 else 10
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    ax.hist(list(by_kind.values()), bins=bins, stacked=True, label=list(by_kind))
    if not isinstance(bins, int):
        ax.set_xscale("log")
    for p, style in ((50, "--"), (95, ":")):
        value = float(np.percentile(values, p))
        ax.axvline(value, color="black", linestyle=style, linewidth=1)
        ax.text(value, ax.get_ylim()[1] * (0.92 if p == 50 else 0.8), f" p{p} {value:.3g} ms", fontsize=8,
                bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1})
    ax.set_xlabel("latency per case (ms)")
    ax.set_ylabel("cases")
    ax.legend(fontsize=8)
    ax.set_title("Latency")
    return _png(fig)


def language_pass_rates(run) -> bytes | None:
    """Pass rate per language (cases that ran), with the case count on each bar."""
    groups: dict[str, list] = defaultdict(list)
    for case in run.cases:
        if case.status != "not_run":
            groups[case.language or "(none)"].append(case)
    if not groups:
        return None
    plt = _pyplot()
    languages = sorted(groups)
    rates = [100 * sum(c.status == "pass" for c in groups[lang]) / len(groups[lang]) for lang in languages]
    # at most 10 in wide (1100 px at 110 dpi, the report's width) so the text is never scaled down
    fig, ax = plt.subplots(figsize=(min(10.0, max(5.0, 0.36 * len(languages) + 1.5)), 3.4))
    colors = [STATUS_COLORS["pass"] if r == 100 else STATUS_COLORS["error"] if r >= 80 else STATUS_COLORS["fail"] for r in rates]
    ax.bar(languages, rates, color=colors)
    for x, (lang, rate) in enumerate(zip(languages, rates)):  # above the bar: readable even at 0 %
        ax.text(x, rate + 1.5, str(len(groups[lang])), ha="center", fontsize=7, color="#333")
    ax.set_ylim(0, 112)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("pass rate (%)")
    ax.set_title("Pass rate per sign language (number = cases; green 100%, orange >= 80%)")
    ax.tick_params(axis="x", rotation=60, labelsize=8)
    return _png(fig)


def language_metrics(run) -> bytes | None:
    """Small multiples: the mean of each measured metric per language."""
    table: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for case in run.cases:
        if case.status == "not_run":
            continue
        for name, value in case.measurements.items():
            table[name][case.language or "(none)"].append(value)
    panels = [(name, label) for name, label in PLOT_METRICS if name in table][:6]
    if not panels:
        return None
    plt = _pyplot()
    cols = min(2, len(panels))
    rows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(7.5, 2.8 * rows), squeeze=False)
    for ax, (name, label) in zip(axes.flat, panels):
        languages = sorted(table[name])
        means = [sum(table[name][lang]) / len(table[name][lang]) for lang in languages]
        ax.bar(languages, means, color="#1565c0")
        ax.set_title(label, fontsize=10)
        ax.tick_params(axis="x", rotation=60, labelsize=7)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.suptitle("Metrics per sign language (mean over cases)", fontsize=11)
    return _png(fig)


def all_plots(run) -> dict[str, tuple[str, bytes]]:
    """name -> (caption, PNG) for every plot that has data."""
    plots = {}
    for name, caption, fn in (
        ("pass_rates", "Cases per suite by status", pass_rates),
        ("latency", "Latency histogram (all cases that ran)", latency_histogram),
        ("languages", "Pass rate per sign language", language_pass_rates),
        ("metrics", "Metrics per sign language", language_metrics),
    ):
        png = fn(run)
        if png:
            plots[name] = (caption, png)
    return plots
