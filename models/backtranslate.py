"""Back-translation, written once: text -> generated pose -> fingerspelling recogniser -> text, and its scores.

`backtranslate(words, language, generator_dir, recognizer_dir, settings)` is what the eval suites'
`backtranslate` case kind calls; FS-Bench evaluation (`signbridge.models.evaluation`) and recogniser
training read poses back with `read_back`; all three score the pairs with `scores`.

>>> # pairs = backtranslate(["house"], "ase", "runs/ase", "runs/ase", settings)  # [("house", "hovse")]
>>> scores([("haus", "haus"), ("baum", "baux")])["cer"]
0.125
"""

from pathlib import Path

import numpy as np

from signbridge.models import metrics


def read_back(recognizer, arrays: list[np.ndarray], words: list[str]) -> list[tuple[str, str]]:
    """-> [(word, recognised text)] for poses `arrays` (one (T, 50, 3) array per word)."""
    return list(zip(words, recognizer.recognize(arrays))) if arrays else []


def scores(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Round-trip scores of (reference, hypothesis) pairs: words, cer, wer, exact_match (0..1), chrf (0..100)
    and bleu (character-level BLEU-4, case-insensitive, 0..100: words are scored as character sequences,
    since word-level BLEU of one-word "sentences" is just exact match)."""
    refs = [str(r) for r, _ in pairs]
    hyps = [str(h or "") for _, h in pairs]
    return {
        "words": float(len(pairs)),
        "cer": metrics.cer(hyps, refs),
        "wer": metrics.wer(hyps, refs),
        "exact_match": metrics.exact_match(hyps, refs),
        "chrf": metrics.chrf(hyps, refs),
        "bleu": metrics.bleu(hyps, refs, tokenize="char", lowercase=True),
    }


def backtranslate(words: list[str], language: str, generator_dir, recognizer_dir, settings=None) -> list[tuple[str, str]]:
    """-> [(word, recognised text)] for poses generated from `words`.

    Raises NotConfiguredError when either checkpoint lacks `language`.
    """
    from signbridge.knowledge.errors import InputError
    from signbridge.models.generator import Generator
    from signbridge.models.recognizer import load_recognizer

    words = [w.strip() for w in words if w and w.strip()]
    if not words:
        raise InputError("give at least one word to back-translate")
    generator = Generator.load(Path(generator_dir))
    recognizer = load_recognizer(Path(recognizer_dir), language)
    return read_back(recognizer, generator.generate_arrays(words, language), words)
