"""Where production finds signs: the lexicon (single words and phrases) and a text-to-pose generator.

Only confident knowledge-base hits of kind "sign" in the requested language count; a hit's pose is
cut to its millisecond range when the entry gives one. Generator checkpoints are loaded once per
process, and only from folders the settings allow.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from signbridge.knowledge.errors import InputError, NotConfiguredError, SignbridgeError
from signbridge.knowledge.fingerspelling import load_clip
from signbridge.knowledge.settings import Settings
from signbridge.tools.types import Gloss


@lru_cache(maxsize=4)
def load_generator_dir(directory: str):
    from signbridge.models.generator import load_generator

    try:
        return load_generator(directory)
    except SignbridgeError:
        raise
    except Exception as error:  # an incompatible or damaged checkpoint: say which, not a traceback
        raise NotConfiguredError(f"could not load the generator checkpoint '{directory}' "
                                 f"({type(error).__name__}: {str(error).splitlines()[0][:160]}); "
                                 "retrain it with 'signbridge train text2pose --out DIR'") from error


def generator_from(directory, settings: Settings):
    if directory is None:
        return None
    path = settings.paths.read(directory, what="generator checkpoint")
    if not path.is_dir():
        raise InputError(f"generator checkpoint '{directory}' is not a directory; train one with "
                         "'signbridge train text2pose --out DIR'")
    return load_generator_dir(str(path))


def knows_dictionary(generator, language: str) -> bool:
    """Whether a loaded generator was trained on dictionary signs of this language (not only fingerspelling)."""
    if generator is None:
        return False
    known = getattr(generator, "dictionary_languages", None)
    return language in (known() if callable(known) else (known or ()))


def entry_pose(entry):
    """An entry's pose clip, cut to its [start, end) milliseconds when given."""
    pose = load_clip(entry.pose_path)
    if entry.pose_start_ms is None and entry.pose_end_ms is None:
        return pose
    from pose_format import Pose

    fps = pose.body.fps
    start = int((entry.pose_start_ms or 0) * fps / 1000)
    end = int(entry.pose_end_ms * fps / 1000) if entry.pose_end_ms else len(pose.body.data)
    return Pose(header=pose.header, body=pose.body[start:end])


def lexicon_entry(gloss: Gloss, language: str, kb, settings: Settings, k: int):
    """(entry with a pose or None, entry without pose or None) among confident sign hits."""
    from signbridge.knowledge.lookup import lookup

    queries = list(dict.fromkeys(q for q in (gloss.lemma, gloss.word) if q and q.strip()))
    for query in queries:
        # the surface word is a fallback for entries spelled like it ("Kinder" -> KINDER); its own
        # lemma would override the glosser's reading ("ich heiße": heißen, not heiß 'hot')
        surface_only = query != queries[0]
        hits = [h for h in lookup(query, language, k, settings=settings, kb=kb).hits
                if h.confident and h.entry.kind == "sign" and h.entry.language == language
                and not (surface_only and h.match not in ("exact", "folded", "phrase"))]
        if hits:
            with_pose = next((e for h in hits for e in h.entries if e.pose_path and Path(e.pose_path).exists()), None)
            return with_pose, hits[0].entry
    return None, None


def merge_phrases(text: str, glosses: list[Gloss], language: str, kb, settings: Settings,
                  max_words: int = 3) -> list[Gloss]:
    """Replace runs of words that the lexicon has as one sign ("guten Morgen" -> GUTEN-MORGEN).

    Longest first, over the source words (function words included: "was ist los"). Only whole-phrase
    confident matches count, not hits for the phrase's parts.
    """
    from signbridge.knowledge.lookup import lookup
    from signbridge.tools.glossing.simple import _WORD

    norm = unicodedata.normalize("NFC", text)
    spans = list(_WORD.finditer(norm))  # word positions as the glossers count them
    words = [m.group(0) for m in spans]
    # a phrase may not cross punctuation ("Anna, was ist los?" -> "was ist los", never "Anna was")
    joinable = [not re.search(r"[^\s]", norm[spans[k].end():spans[k + 1].start()]) for k in range(len(spans) - 1)]
    merged: dict[int, tuple[int, Gloss]] = {}  # start position -> (length, gloss)
    i = 0
    while i < len(words) - 1:
        for n in range(min(max_words, len(words) - i), 1, -1):
            if not all(joinable[i:i + n - 1]):
                continue
            phrase = " ".join(words[i:i + n])
            hit = next((h for h in lookup(phrase, language, 3, settings=settings, kb=kb).hits
                        if h.confident and h.entry.kind == "sign" and h.entry.language == language
                        and not h.match.startswith(("part:", "compound", "vector"))
                        and any(" " in w for w in h.entry.words)), None)
            if hit is not None:
                merged[i] = (n, Gloss(gloss=hit.entry.gloss, word=phrase, lemma=phrase, kind="sign", position=i,
                                      backend=f"{glosses[0].backend}+phrase" if glosses else "phrase"))
                i += n
                break
        else:
            i += 1
    if not merged:
        return glosses
    out, covered = [], set()
    for start, (n, gloss) in merged.items():
        covered.update(range(start, start + n))
    for g in glosses:
        if g.position in merged:
            continue
        if g.position not in covered:
            out.append(g)
    out += [g for _, g in merged.values()]
    return sorted(out, key=lambda g: g.position)


def entry_provenance(entry) -> tuple[str, str]:
    source = entry.source
    return f"{source.name} {source.version}".strip(), source.license
