"""Rewards with trl's signature `(completions, references=None, **kw) -> list[float]`, registered by name.

Each wraps a metric of this package (the eval metric and the training reward are one function):
one float per completion, higher is better, in 0..1.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from signbridge.models.metrics.poses import dtw_mje
from signbridge.models.metrics.text import cer, chrf, exact_match, rouge_l_sentence, sentence_bleu, wer


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
