"""Every metric, defined once; training imports the same functions as rewards.

A LEAF module: it imports only numpy, sacrebleu, rouge_score, jiwer and the standard library, so
`models/training` can import it without pulling in the rest of signbridge.

Conventions
- Text metrics take `(hypotheses, references)` in that order (sacrebleu's order). A reference may be
  one string or a list of alternative strings for the same hypothesis.
- Scales follow how papers report them: BLEU, chrF and ROUGE-L in 0..100 (RVLF/SignLLM tables);
  CER/WER as a fraction (0 = perfect, can exceed 1); accuracies and recall in 0..1; DTW-MJE in the
  pose's own units (lower is better).
- Rewards (`REWARDS`) wrap the metrics with trl's signature `(completions, references=None, **kw)
  -> list[float]`, one float per completion, higher is better, in 0..1.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

Refs = Sequence[str | Sequence[str]]


# --------------------------------------------------------------------------- text: sacrebleu

def _ref_streams(references: Refs) -> list[list[str]]:
    """Per-hypothesis references -> sacrebleu's list of reference *streams* (padded with None)."""
    per_hyp = [[r] if isinstance(r, str) else list(r) for r in references]
    if any(len(r) == 0 for r in per_hyp):
        raise ValueError("every hypothesis needs at least one reference")
    width = max(len(r) for r in per_hyp)
    return [[refs[i] if i < len(refs) else None for refs in per_hyp] for i in range(width)]


def _check_lengths(hypotheses, references) -> None:
    if isinstance(hypotheses, str) or isinstance(references, str):
        raise TypeError("pass lists of strings (one hypothesis per reference), not a single string")
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")


def bleu(hypotheses: Sequence[str], references: Refs, order: int = 4, tokenize: str = "13a",
         lowercase: bool = False) -> float:
    """Corpus BLEU-`order` (0..100) with sacrebleu; BLEU-1..4 as in the SLT papers' B@1..B@4.

    `tokenize`: sacrebleu tokenizer ("13a", "intl", "zh", "ja-mecab" if installed, "char", "none").

    >>> round(bleu(["the cat sat on the mat"], ["the cat sat on the mat"]), 2)
    100.0
    >>> round(bleu(["the cat sat"], ["the cat sat on the mat"], order=1), 2)
    36.79
    """
    from sacrebleu.metrics import BLEU

    _check_lengths(hypotheses, references)
    metric = BLEU(max_ngram_order=order, tokenize=tokenize, lowercase=lowercase)
    return float(metric.corpus_score(list(hypotheses), _ref_streams(references)).score)


def bleu_1_to_4(hypotheses: Sequence[str], references: Refs, tokenize: str = "13a") -> dict[str, float]:
    """BLEU-1..4 in one call: {"bleu1": .., "bleu2": .., "bleu3": .., "bleu4": ..}.

    >>> scores = bleu_1_to_4(["a b c d"], ["a b c d"])
    >>> [round(v) for v in scores.values()]
    [100, 100, 100, 100]
    """
    return {f"bleu{n}": bleu(hypotheses, references, order=n, tokenize=tokenize) for n in range(1, 5)}


def sentence_bleu(hypothesis: str, reference: str | Sequence[str], order: int = 4, tokenize: str = "13a") -> float:
    """BLEU of one sentence (0..100) with sacrebleu's exponential smoothing (short sentences stay > 0).

    >>> round(sentence_bleu("liebe zuschauer guten abend", "liebe zuschauer guten abend"), 2)
    100.0
    >>> 0 < sentence_bleu("guten abend", "liebe zuschauer guten abend") < 50
    True
    """
    from sacrebleu.metrics import BLEU

    refs = [reference] if isinstance(reference, str) else list(reference)
    metric = BLEU(max_ngram_order=order, tokenize=tokenize, effective_order=True)
    return float(metric.sentence_score(hypothesis, refs).score)


def chrf(hypotheses: Sequence[str], references: Refs, char_order: int = 6, word_order: int = 0,
         beta: int = 2, eps_smoothing: bool = False) -> float:
    """Corpus chrF (0..100) with sacrebleu; `word_order=2` gives chrF++.

    >>> round(chrf(["Niemand hat die Absicht"], ["Niemand hat die Absicht"]), 2)
    100.0
    """
    from sacrebleu.metrics import CHRF

    _check_lengths(hypotheses, references)
    metric = CHRF(char_order=char_order, word_order=word_order, beta=beta, eps_smoothing=eps_smoothing)
    return float(metric.corpus_score(list(hypotheses), _ref_streams(references)).score)


# --------------------------------------------------------------------------- text: ROUGE-L

_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])")


class _UnicodeTokenizer:
    """rouge-score's default tokenizer keeps only [a-z0-9] and would erase ä, ß, Cyrillic or Chinese:
    this one casefolds, splits on non-word characters, and makes each CJK character a token."""

    def tokenize(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFC", text).casefold()
        text = _CJK.sub(r" \1 ", text)
        return [t for t in re.split(r"[\W_]+", text) if t]


@lru_cache(maxsize=1)
def _rouge_scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rougeL"], tokenizer=_UnicodeTokenizer())


def rouge_l_sentence(hypothesis: str, reference: str | Sequence[str]) -> float:
    """ROUGE-L F-measure (0..100) of one sentence; with several references, the best one.

    >>> round(rouge_l_sentence("am sonntag schauer", "am sonntag ziehen schauer heran"), 2)
    75.0
    """
    refs = [reference] if isinstance(reference, str) else list(reference)
    scorer = _rouge_scorer()
    return 100.0 * max(scorer.score(r, hypothesis)["rougeL"].fmeasure for r in refs)


def rouge_l(hypotheses: Sequence[str], references: Refs) -> float:
    """Mean sentence ROUGE-L F-measure (0..100), as SLT papers report "ROUGE".

    >>> round(rouge_l(["größer als", "你好世界"], ["größer als", "你好"]), 2)
    83.33
    """
    _check_lengths(hypotheses, references)
    if not hypotheses:
        return 0.0
    return float(np.mean([rouge_l_sentence(h, r) for h, r in zip(hypotheses, references)]))


# --------------------------------------------------------------------------- text: CER / WER

def _first_refs(references: Refs) -> list[str]:
    return [r if isinstance(r, str) else r[0] for r in references]


def _jiwer_ready(hypotheses, references) -> tuple[list[str], list[str]]:
    _check_lengths(hypotheses, references)
    refs = _first_refs(references)
    if any(not r.strip() for r in refs):
        raise ValueError("CER/WER need non-empty references")
    return [h if h is not None else "" for h in hypotheses], refs


def cer(hypotheses: Sequence[str], references: Refs) -> float:
    """Character error rate over the corpus (jiwer): edits / reference characters. 0 is perfect.

    With several references per hypothesis only the first counts.

    >>> cer(["haus"], ["hause"])
    0.2
    >>> cer(["maus", "baum"], ["haus", "baum"])
    0.125
    """
    import jiwer

    hyps, refs = _jiwer_ready(hypotheses, references)
    return float(jiwer.cer(reference=refs, hypothesis=hyps))


def wer(hypotheses: Sequence[str], references: Refs) -> float:
    """Word error rate over the corpus (jiwer): word edits / reference words. 0 is perfect.

    >>> round(wer(["guten abend"], ["liebe zuschauer guten abend"]), 2)
    0.5
    """
    import jiwer

    hyps, refs = _jiwer_ready(hypotheses, references)
    return float(jiwer.wer(reference=refs, hypothesis=hyps))


def exact_match(hypotheses: Sequence[str], references: Refs) -> float:
    """Fraction of hypotheses equal to (one of) their references after strip + casefold.

    >>> exact_match(["Haus", "maus"], ["haus", "baum"])
    0.5
    """
    _check_lengths(hypotheses, references)
    if not hypotheses:
        return 0.0
    hits = [_norm(h) in {_norm(r) for r in ([ref] if isinstance(ref, str) else ref)}
            for h, ref in zip(hypotheses, references)]
    return float(np.mean(hits))


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").strip().casefold()


# --------------------------------------------------------------------------- poses: DTW-MJE

def _frame_costs(a: np.ndarray, b: np.ndarray, conf_a: np.ndarray | None, conf_b: np.ndarray | None) -> np.ndarray:
    """Mean joint error for every frame pair: (n, m). Joints invisible in either frame are left out."""
    n, m = a.shape[0], b.shape[0]
    va = np.ones(a.shape[:2], bool) if conf_a is None else np.asarray(conf_a) > 0  # (n, joints)
    vb = np.ones(b.shape[:2], bool) if conf_b is None else np.asarray(conf_b) > 0  # (m, joints)
    va &= np.isfinite(a).all(-1)
    vb &= np.isfinite(b).all(-1)
    a = np.where(va[..., None], a, 0.0)
    b = np.where(vb[..., None], b, 0.0)
    costs = np.empty((n, m))
    rows = max(1, int(4_000_000 // max(1, m * a.shape[1] * a.shape[2])))  # bound memory per chunk
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        diff = a[start:stop, None] - b[None]  # (rows, m, joints, dims)
        dist = np.sqrt((diff ** 2).sum(-1))  # (rows, m, joints)
        both = va[start:stop, None] & vb[None]  # (rows, m, joints)
        count = both.sum(-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            costs[start:stop] = np.where(count > 0, (dist * both).sum(-1) / np.maximum(count, 1), np.nan)
    return costs


def dtw_mje(a: np.ndarray, b: np.ndarray, conf_a: np.ndarray | None = None, conf_b: np.ndarray | None = None) -> float:
    """DTW mean joint error between two pose sequences (lower is better; 0 for identical motion).

    a: (frames_a, joints, dims), b: (frames_b, joints, dims); conf_*: (frames, joints), a joint with
    confidence <= 0 (or a non-finite coordinate) is left out of that frame pair's mean.
    The cost of aligning frame i with frame j is the mean Euclidean distance over joints visible in
    both; DTW (steps: diagonal, up, left) finds the cheapest monotone alignment, and the result is
    that alignment's total cost divided by its length: the mean joint error along the aligned path,
    as used for text-to-pose evaluation (SignLLM, Progressive Transformers). Frame pairs with no
    joint visible in both cost the mean of the other pairs. Vectorised: the cost matrix by
    broadcasting, the recursion one anti-diagonal at a time. Returns nan if nothing is comparable.

    >>> x = np.zeros((3, 2, 2)); x[:, :, 0] = [[0], [1], [2]]      # a joint pair moving along x
    >>> dtw_mje(x, x)
    0.0
    >>> dtw_mje(x, np.repeat(x, 2, axis=0))                         # same motion, half speed
    0.0
    >>> round(dtw_mje(x, x + [0.0, 3.0]), 3)                        # shifted by 3 along y
    3.0
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim != 3 or b.ndim != 3 or a.shape[1:] != b.shape[1:]:
        raise ValueError(f"poses must be (frames, joints, dims) with equal joints/dims, got {a.shape} and {b.shape}")
    if a.shape[0] == 0 or b.shape[0] == 0:
        raise ValueError("poses must have at least one frame")
    costs = _frame_costs(a, b, conf_a, conf_b)  # (n, m)
    if np.isnan(costs).all():
        return float("nan")
    costs = np.where(np.isnan(costs), np.nanmean(costs), costs)
    total, length = _dtw_diagonal(costs)
    return float(total / length)


def _dtw_diagonal(costs: np.ndarray) -> tuple[float, int]:
    """DTW over a cost matrix, vectorised along anti-diagonals: (cumulative cost, path length).

    Ties between predecessors prefer diagonal, then up (i-1, j), then left (i, j-1).
    """
    n, m = costs.shape
    acc = np.full((n + 1, m + 1), np.inf)  # acc[i+1, j+1]: best cost ending at (i, j)
    steps = np.zeros((n + 1, m + 1), dtype=np.int64)  # path length of that best alignment
    acc[0, 0] = 0.0
    for d in range(n + m - 1):  # cells (i, j) with i + j == d depend only on diagonals d-1, d-2
        i = np.arange(max(0, d - m + 1), min(n, d + 1))
        j = d - i
        cand = np.stack([acc[i, j], acc[i, j + 1], acc[i + 1, j]])  # diagonal, up, left: (3, cells)
        lens = np.stack([steps[i, j], steps[i, j + 1], steps[i + 1, j]])
        best = np.argmin(cand, axis=0)  # first minimum wins: the tie order above
        cols = np.arange(len(i))
        acc[i + 1, j + 1] = costs[i, j] + cand[best, cols]
        steps[i + 1, j + 1] = lens[best, cols] + 1
    return float(acc[n, m]), int(steps[n, m])


def dtw_mje_poses(pose_a, pose_b, person: int = 0) -> float:
    """DTW-MJE of two `pose_format.Pose` objects (duck-typed: `.body.data`, `.body.confidence`).

    data is (frames, people, points, dims); one person is compared, confidence masks applied.
    """
    a = np.asarray(pose_a.body.data[:, person], dtype=float)  # (frames, points, dims)
    b = np.asarray(pose_b.body.data[:, person], dtype=float)
    ca = np.asarray(pose_a.body.confidence[:, person])  # (frames, points)
    cb = np.asarray(pose_b.body.confidence[:, person])
    return dtw_mje(a, b, ca, cb)


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


# --------------------------------------------------------------------------- rewards (trl signature)

def _completion_text(completion) -> str:
    """trl passes strings, or for chat datasets a list of messages: take the last message's content."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return str(completion.get("content", ""))
    if isinstance(completion, (list, tuple)) and completion:
        return _completion_text(completion[-1])
    return ""


def _references(completions, references, kwargs) -> list:
    refs = references if references is not None else kwargs.get("reference", kwargs.get("solution"))
    if refs is None:
        raise ValueError("this reward needs references (a 'references' column in the dataset)")
    if len(refs) != len(completions):
        raise ValueError(f"{len(completions)} completions but {len(refs)} references")
    return list(refs)


def _unit(value: float) -> float:
    """Clamp to [0, 1] (sacrebleu can return 100.00000000000001)."""
    return min(1.0, max(0.0, float(value)))


def bleu_reward(completions, references=None, **kwargs) -> list[float]:
    """Sentence BLEU-4 / 100 per completion (0..1).

    >>> [round(r, 2) for r in bleu_reward(["liebe zuschauer guten abend", "hallo"], references=["liebe zuschauer guten abend"] * 2)]
    [1.0, 0.0]
    """
    refs = _references(completions, references, kwargs)
    return [_unit(sentence_bleu(_completion_text(c), r) / 100.0) for c, r in zip(completions, refs)]


def rouge_l_reward(completions, references=None, **kwargs) -> list[float]:
    """ROUGE-L F / 100 per completion (0..1).

    >>> rouge_l_reward([[{"role": "assistant", "content": "guten abend"}]], references=["guten abend"])
    [1.0]
    """
    refs = _references(completions, references, kwargs)
    return [_unit(rouge_l_sentence(_completion_text(c), r) / 100.0) for c, r in zip(completions, refs)]


def bleu_rouge_reward(completions, references=None, weight: float = 0.5, **kwargs) -> list[float]:
    """RVLF's GRPO reward (eq. 15): weight * BLEU-4 + (1 - weight) * ROUGE-L, both in 0..1.

    >>> bleu_rouge_reward(["guten abend"], references=["guten abend"])
    [1.0]
    >>> [round(r, 3) for r in bleu_rouge_reward(["guten abend", "abend"], references=["guten abend"] * 2)]
    [1.0, 0.517]
    """
    b = bleu_reward(completions, references, **kwargs)
    r = rouge_l_reward(completions, references, **kwargs)
    return [_unit(weight * x + (1 - weight) * y) for x, y in zip(b, r)]


def chrf_reward(completions, references=None, **kwargs) -> list[float]:
    """Sentence chrF / 100 per completion (0..1).

    >>> chrf_reward(["haus"], references=["haus"])
    [1.0]
    """
    refs = _references(completions, references, kwargs)
    return [_unit(chrf([_completion_text(c)], [r]) / 100.0) for c, r in zip(completions, refs)]


def cer_reward(completions, references=None, **kwargs) -> list[float]:
    """1 - CER per completion, floored at 0 (1 = perfect spelling).

    >>> cer_reward(["haus", "hxus", "zzzzzzzz"], references=["haus"] * 3)
    [1.0, 0.75, 0.0]
    """
    refs = _references(completions, references, kwargs)
    return [max(0.0, 1.0 - cer([_completion_text(c)], [r])) for c, r in zip(completions, refs)]


def wer_reward(completions, references=None, **kwargs) -> list[float]:
    """1 - WER per completion, floored at 0.

    >>> wer_reward(["guten abend"], references=["guten morgen"])
    [0.5]
    """
    refs = _references(completions, references, kwargs)
    return [max(0.0, 1.0 - wer([_completion_text(c)], [r])) for c, r in zip(completions, refs)]


def exact_match_reward(completions, references=None, **kwargs) -> list[float]:
    """1.0 when the completion equals the reference (strip + casefold), else 0.0.

    >>> exact_match_reward(["HAUS ", "maus"], references=["haus", "haus"])
    [1.0, 0.0]
    """
    refs = _references(completions, references, kwargs)
    return [exact_match([_completion_text(c)], [r]) for c, r in zip(completions, refs)]


def dtw_reward(completions, references=None, scale: float = 1.0, **kwargs) -> list[float]:
    """Poses: 1 / (1 + DTW-MJE / scale) per completion (1 = identical motion).

    completions and references are arrays (frames, joints, dims).

    >>> x = np.zeros((4, 2, 2))
    >>> dtw_reward([x, x + 1.0], references=[x, x])
    [1.0, 0.4142135623730951]
    """
    refs = _references(completions, references, kwargs)
    out = []
    for c, r in zip(completions, refs):
        error = dtw_mje(np.asarray(c), np.asarray(r))
        out.append(0.0 if math.isnan(error) else 1.0 / (1.0 + error / scale))
    return out


RewardFn = Callable[..., list[float]]
REWARDS: dict[str, RewardFn] = {
    "bleu": bleu_reward,
    "rouge_l": rouge_l_reward,
    "bleu_rouge": bleu_rouge_reward,
    "chrf": chrf_reward,
    "cer": cer_reward,
    "wer": wer_reward,
    "exact_match": exact_match_reward,
    "dtw": dtw_reward,
}


def get_reward(name: str) -> RewardFn:
    """A reward by name; ValueError listing the known names otherwise.

    >>> get_reward("bleu_rouge") is bleu_rouge_reward
    True
    """
    try:
        return REWARDS[name]
    except KeyError:
        raise ValueError(f"unknown reward '{name}' (known: {', '.join(sorted(REWARDS))})") from None
