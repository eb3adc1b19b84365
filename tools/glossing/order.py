"""Sign-language word order from a model, grounded like tool arguments.

The rule glosser keeps the spoken word order ("Ich gehe morgen zur Schule" -> ICH GEHEN MORGEN SCHULE);
DGS puts time first and the verb last (MORGEN ICH SCHULE GEHEN). A model may propose that order, but its
glosses are untrusted: each one must be grounded in the input (one of its words, a word's lemma, or a
dictionary entry retrieved for a word: `position_of`, shared with `produce --glosser llm`). When every
gloss is grounded the sequence becomes an order over word positions; the rule glosser's glosses are kept
(lemmas, dictionary glosses, phrases) and only rearranged (`apply_order`). One ungrounded or repeated gloss
refuses the whole sequence and the rule order stays (the caller says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from signbridge.knowledge.languages import Language
from signbridge.tools.types import Gloss

MAX_GLOSSES = 24  # a sequence longer than this is a runaway answer, not an order


def _fold(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.strip()).casefold()


def position_of(gloss: str, word: str, folded: list[str], forms: dict[str, list[int]],
                taken: set[int] | frozenset = frozenset()) -> int | None:
    """The input word position a model's gloss stands for, or None when it is not grounded.

    `word` (the source word the model names, may be "") or the gloss itself must be one of the input words
    (`folded`, case-folded), else the gloss must be one of `forms` (other grounded spellings: lemmas,
    retrieved dictionary glosses -> their word positions). The first position not in `taken` is used.
    """
    for candidate in (word, gloss):
        key = _fold(candidate)
        if not key:
            continue
        spots = [i for i, w in enumerate(folded) if w == key] or forms.get(key, [])
        free = [i for i in spots if i not in taken]
        if free:
            return free[0]
    return None


@dataclass
class Ordered:
    """A model's gloss sequence after grounding: the word positions in its order, or why it was refused."""

    proposed: list[str]  # the model's glosses as it wrote them
    positions: list[int] = field(default_factory=list)  # input word positions, in the model's order
    refused: str | None = None


def grounded_forms(rule: list[Gloss], language: Language, kb) -> dict[str, list[int]]:
    """Spellings a gloss may use besides the words: the rule glosser's lemma/gloss for each word, and the
    glosses and words of dictionary entries retrieved for it (the lexicon candidates)."""
    forms: dict[str, list[int]] = {}

    def add(form: str, position: int) -> None:
        spots = forms.setdefault(_fold(form), [])
        if position not in spots:
            spots.append(position)

    for g in rule:
        add(g.gloss, g.position)
        add(g.lemma, g.position)
    if kb is not None:
        from signbridge.knowledge.lookup import LookupConfig, lookup

        for g in rule:
            if g.kind != "sign":
                continue
            try:
                hits = lookup(g.word, language.code, k=3, kb=kb, config=LookupConfig(translate=False)).hits
            except Exception:  # no index, a bad word: only the words and lemmas ground it
                continue
            for hit in hits:
                if hit.confident:
                    add(hit.entry.gloss, g.position)
                    for w in hit.entry.words[:3]:
                        add(w, g.position)
    return forms


def ground_order(proposed: list[str], text: str, language: Language, kb,
                 rule: list[Gloss] | None = None) -> Ordered:
    """Ground a model's gloss sequence for `text` (see the module docstring); `kb`: the knowledge base whose
    dictionary entries for the text's words also ground a gloss (None: words and lemmas only)."""
    from signbridge.tools.glossing.simple import text_to_gloss as simple_glosses
    from signbridge.tools.glossing.simple import tokenize

    result = Ordered([str(g) for g in proposed])
    if not proposed:
        result.refused = "the model gave no glosses"
        return result
    if len(proposed) > MAX_GLOSSES:
        result.refused = f"{len(proposed)} glosses is more than {MAX_GLOSSES}"
        return result
    folded = [w.casefold() for w in tokenize(text)]
    rule = rule if rule is not None else simple_glosses(text, language)
    forms: dict[str, list[int]] | None = None
    taken: set[int] = set()
    for gloss in result.proposed:
        if not isinstance(gloss, str) or not gloss.strip() or re.search(r"[\x00-\x1f\x7f<>{}$`]", gloss):
            result.refused = f"'{str(gloss)[:40]}' is not a gloss"
            return result
        spot = position_of(gloss, "", folded, {}, taken)
        if spot is None:
            if forms is None:  # the dictionary is consulted only when a gloss is not a word of the text
                forms = grounded_forms(rule, language, kb)
            spot = position_of(gloss, "", folded, forms, taken)
        if spot is None:
            already = position_of(gloss, "", folded, forms or {})
            result.refused = (f"'{gloss}' appears more often than in the text" if already is not None else
                              f"'{gloss}' is neither a word of the text nor a dictionary entry for one")
            return result
        taken.add(spot)
        result.positions.append(spot)
    return result


def apply_order(glosses: list[Gloss], positions: list[int]) -> list[Gloss]:
    """The glosses rearranged in the order of `positions`. A gloss the order does not mention keeps its
    place; a phrase gloss (several words) ranks by its first mentioned word. Nothing is added or lost."""
    rank = {p: i for i, p in enumerate(positions)}

    def rank_of(g: Gloss) -> int | None:
        span = range(g.position, g.position + max(1, len(g.word.split())))
        ranks = [rank[p] for p in span if p in rank]
        return min(ranks) if ranks else None

    ranked = [(rank_of(g), n) for n, g in enumerate(glosses)]
    slots = [n for r, n in ranked if r is not None]  # places held by ordered glosses
    moving = [glosses[n] for _, n in sorted((r, n) for r, n in ranked if r is not None)]
    out = list(glosses)
    for slot, gloss in zip(slots, moving):
        out[slot] = gloss
    return out
