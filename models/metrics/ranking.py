"""Recognition, retrieval and latency summaries: top-k accuracy, recall@k, reciprocal rank, percentiles."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


# --------------------------------------------------------------------------- recognition / retrieval

def _ranked(predictions, k: int) -> list[list]:
    """Ranked label lists from either ranked lists or a score matrix (n, classes)."""
    if isinstance(predictions, np.ndarray) and predictions.ndim == 2 and np.issubdtype(predictions.dtype, np.number):
        order = np.argsort(-predictions, axis=1, kind="stable")[:, :k]  # (n, k) class indices, best first
        return order.tolist()
    return [list(p)[:k] for p in predictions]


def top_k_accuracy(predictions, labels: Sequence, k: int = 1) -> float:
    """Fraction of samples whose label is among the top-k predictions (0..1), as in SLR papers.

    predictions: ranked label lists (best first), or scores (n, classes) with integer labels.

    >>> top_k_accuracy([["haus", "maus"], ["baum", "raum"]], ["maus", "baum"], k=1)
    0.5
    >>> top_k_accuracy(np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]), [2, 0], k=2)
    1.0
    """
    if len(predictions) != len(labels):
        raise ValueError(f"{len(predictions)} predictions but {len(labels)} labels")
    if len(labels) == 0:
        return 0.0
    ranked = _ranked(predictions, k)
    return float(np.mean([label in r for r, label in zip(ranked, labels)]))


def top1_accuracy(predictions, labels: Sequence) -> float:
    """Top-1 accuracy (0..1).

    >>> top1_accuracy([[1, 2]], [1])
    1.0
    """
    return top_k_accuracy(predictions, labels, k=1)


def top5_accuracy(predictions, labels: Sequence) -> float:
    """Top-5 accuracy (0..1).

    >>> top5_accuracy([[9, 8, 7, 6, 1]], [1])
    1.0
    """
    return top_k_accuracy(predictions, labels, k=5)


def recall_at_k(retrieved: Sequence[Sequence], relevant: Sequence, k: int = 5) -> float:
    """Mean over queries of |relevant ∩ top-k retrieved| / |relevant| (0..1) for lookup.

    `relevant` per query: one item or a collection of items; queries with nothing relevant are skipped.

    >>> recall_at_k([["HAUS", "MAUS"], ["BAUM"]], ["MAUS", {"RAUM", "BAUM"}], k=2)
    0.75
    """
    if len(retrieved) != len(relevant):
        raise ValueError(f"{len(retrieved)} result lists but {len(relevant)} relevance sets")
    scores = []
    for hits, rel in zip(retrieved, relevant):
        rel_set = {rel} if isinstance(rel, (str, int)) else set(rel)
        if not rel_set:
            continue
        scores.append(len(rel_set & set(list(hits)[:k])) / len(rel_set))
    return float(np.mean(scores)) if scores else 0.0


def reciprocal_rank(retrieved: Sequence, relevant) -> float:
    """1/rank of the first relevant item (0 if none); its mean over queries is MRR.

    >>> reciprocal_rank(["A", "B", "C"], "C")
    0.3333333333333333
    """
    rel_set = {relevant} if isinstance(relevant, (str, int)) else set(relevant)
    for rank, item in enumerate(retrieved, start=1):
        if item in rel_set:
            return 1.0 / rank
    return 0.0


# --------------------------------------------------------------------------- latency

def latency_percentiles(latencies_ms: Sequence[float], percentiles: Sequence[float] = (50, 90, 95, 99)) -> dict[str, float]:
    """Summary of latencies: {"n", "mean", "min", "max", "p50", "p90", ...} (linear interpolation).

    >>> latency_percentiles([10, 20, 30, 40, 50])["p50"]
    30.0
    """
    values = np.asarray([v for v in latencies_ms if v is not None and math.isfinite(v)], dtype=float)
    if values.size == 0:
        return {"n": 0}
    summary = {"n": int(values.size), "mean": float(values.mean()), "min": float(values.min()), "max": float(values.max())}
    for p in percentiles:
        summary[f"p{p:g}"] = float(np.percentile(values, p))
    return summary
