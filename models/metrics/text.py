"""Text metrics: BLEU, chrF (sacrebleu), ROUGE-L (rouge-score, Unicode tokens), CER/WER (jiwer), exact match.

Hypotheses first, references second (sacrebleu's order); a reference may be one string or a list of
alternatives for the same hypothesis. BLEU, chrF and ROUGE-L in 0..100, CER/WER as a fraction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from signbridge.knowledge.text import normalize_text

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
        text = normalize_text(text)
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
    """Fraction of hypotheses equal to (one of) their references as `normalize_text` forms (case, spacing).

    >>> exact_match(["Haus", "maus"], ["haus", "baum"])
    0.5
    """
    _check_lengths(hypotheses, references)
    if not hypotheses:
        return 0.0
    hits = [normalize_text(h or "") in {normalize_text(r or "") for r in ([ref] if isinstance(ref, str) else ref)}
            for h, ref in zip(hypotheses, references)]
    return float(np.mean(hits))

