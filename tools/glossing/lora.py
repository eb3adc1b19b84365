"""text -> gloss with a trained LoRA glosser (`signbridge train gloss`, models/glosser.py).

Retrieval-augmented and grounded: glosses the model writes that are not in the sign vocabulary are
mapped to the most similar vocabulary gloss (cosine of the knowledge base's embedder) or kept and marked
missing, so production fingerspells them instead of pretending a sign exists. The last two loaded
models (per folder and knowledge base) are kept, so batch production loads one once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.languages import Language
from signbridge.knowledge.settings import Settings
from signbridge.tools.glossing.simple import _kind, tokenize
from signbridge.tools.types import Gloss


@lru_cache(maxsize=2)
def _load(folder: str, kb):
    from signbridge.models.glosser import load_glosser

    return load_glosser(Path(folder), kb.settings, kb=kb)


def text_to_gloss(text: str, language: Language, settings: Settings | None = None, model: str | Path = "",
                  kb=None, **unused) -> list[Gloss]:
    from signbridge.models.glosser import read_meta

    folder = Path(model)
    if not folder.is_dir():
        raise InputError(f"LoRA glosser folder '{model}' does not exist; train one with: "
                         f"signbridge train gloss --lang {language.code} --out {model or 'DIR'}")
    meta = read_meta(folder)
    if meta["language"] != language.code:
        raise InputError(f"the LoRA glosser in '{folder}' is for {meta['language']}, not {language.code}")
    if kb is None:
        raise ValueError("the LoRA glosser grounds its glosses in the knowledge base: pass kb=")
    glosser = _load(str(folder.resolve()), kb)
    grounded = glosser.gloss([text])[0]
    words = tokenize(text)
    folded = [w.casefold() for w in words]
    out = []
    for g in grounded:
        # which source word: the first whose casefold shares the gloss's dictionary word, else the end
        target = (g.word or g.gloss).casefold()
        position = next((i for i, w in enumerate(folded) if w == target or target.startswith(w) or w.startswith(target[:4])),
                        len(words))
        word = words[position] if position < len(words) else g.raw
        kind = _kind(word, position if position < len(words) else 1, language.spoken_language)
        if g.status == "missing" and kind == "sign":
            kind = "name"  # not in the vocabulary: production spells it instead of inventing a sign
        out.append(Gloss(gloss=g.gloss, word=word, lemma=g.word or word, kind=kind, position=position,
                         backend=f"lora ({g.status})"))
    return out
