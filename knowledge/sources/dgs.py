"""The DGS dictionary shipped in the `signwriting` package (hamnosys/parallel.json), cleaned up.

Each record: {sign_id, gloss_id (may be null), signwriting (FSW), and for 1364 records hamnosys and
hns_gloss (lists)}. Gloss ids are messy; `parse_gloss` turns them into a dictionary word plus variant:

    S3-05019-V_LICHT   -> LICHT            (corpus id prefix dropped)
    BADEZIMMER_1       -> BADEZIMMER  v=1   MANN-4 -> MANN v=4   MORGEN-3K -> MORGEN v=3K
    KÄSE(DIALEKT)      -> KÄSE  v=DIALEKT   MALAYSIA_INT -> MALAYSIA v=INT
    FERTIG-00053       -> FERTIG           (trailing sign number dropped)
    ERDBEEREN--BIBI-   -> ERDBEEREN v=BIBI (text after "--" qualifies the sign)
    GUTEN_MORGEN       -> GUTEN MORGEN     (a phrase)
    RCKEN-2            -> RÜCKEN v=2       (umlauts the source lost, restored with a lexicon)

Records without gloss_id use their hns_gloss list (alternative glosses become extra words); a few
sign_ids carry a gloss themselves ("S4-00161, annehmen, S4-07476_AKZEPTIEREN"). Records with no
gloss anywhere (about 1.4k: only a SignWriting string and a number) cannot be found by a word, so
they are not indexed; `load_dgs_entries` reports how many were skipped in `LAST_SKIPPED`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from signbridge.knowledge import package_data
from signbridge.knowledge.sources.wordlist import dictionary_form, repair_lost_letters
from signbridge.knowledge.types import LexiconEntry, Source

SOURCE_NAME = "signwriting-dgs"
LANGUAGE = "gsg"
SPOKEN = "de"
_CORPUS_ID = re.compile(r"^S\d-\d+(?:-[A-Z]*\d*)*_")  # S3-05019-V_  S4-09061-2_
_TRAILING_ID = re.compile(r"-+(?:S\d-)?\d{4,}$")  # FERTIG-00053  MUSS-HABEN-S4-04257  MURMELTIER--07192
_VARIANT = re.compile(r"^(?:\d+[A-Z]?\d*|[A-Z]\d?|INT|DIALEKT)$")  # 2  3K  A  K2  V  INT

LAST_SKIPPED: dict[str, int] = {}


def dgs_source() -> Source:
    return Source(name=SOURCE_NAME, version=package_data.package_version("signwriting"),
                  license="MIT (signwriting package; DGS dictionary data as redistributed there)",
                  url="https://github.com/sign-language-processing/signwriting")


@dataclass
class ParsedGloss:
    words: list[str]  # upper-case tokens of the head word or phrase, umlauts restored: ["GUTEN", "MORGEN"]
    variant: str | None = None  # "2", "INT", "DIALEKT", "BIBI" ...

    @property
    def gloss(self) -> str:
        return "-".join(self.words)


def parse_gloss(raw: str, known: set[str] = frozenset(), lang: str = SPOKEN) -> ParsedGloss | None:
    """Clean one gloss id; None when nothing word-like is left."""
    text = raw.strip().upper()
    text = _CORPUS_ID.sub("", text)
    variants: list[str] = []
    for inner in re.findall(r"\(([^)]*)\)", text):
        variants.append(inner.strip())
    text = re.sub(r"\([^)]*\)", "", text)
    text = _TRAILING_ID.sub("", text)
    if "--" in text:  # HEAD--QUALIFIER-
        text, qualifier = text.split("--", 1)
        qualifier = qualifier.strip("-_ ")
        if qualifier and not qualifier.isdigit():
            variants.append(qualifier.replace("-", " "))
    tokens = [t for t in re.split(r"[-_\s]+", text) if t]
    words: list[str] = []
    for index, token in enumerate(tokens):
        if token.isdigit() and len(token) >= 4:  # a sign number inside the id
            continue
        if index > 0 and _VARIANT.match(token):
            variants.append(token)
        elif re.search(r"[A-ZÄÖÜ]", token):
            words.append(token)
    if not words:
        return None
    words = [repair_lost_letters(w, lang, known) for w in words]
    return ParsedGloss(words=words, variant="-".join(variants) or None)


def _sign_id_glosses(sign_id: str) -> list[str]:
    """Glosses hidden in a sign_id such as 'S4-07887, gefunden_STELLE-2' -> ['STELLE-2', 'GEFUNDEN']."""
    upper, lower = [], []
    for part in (p.strip() for p in sign_id.split(",")):
        if "_" in part:
            upper.append(part.rsplit("_", 1)[1])
            head = part.split("_", 1)[0]
            if head.isalpha():
                lower.append(head)
        elif part.isalpha():
            lower.append(part)
    return upper + lower


def _known_words(records: list[dict]) -> set[str]:
    """Upper-case words spelled with umlauts somewhere in the data (hns_gloss keeps them)."""
    known = set()
    for record in records:
        for g in record.get("hns_gloss") or []:
            known.update(t for t in re.split(r"[-_\s]+", g.strip().upper()) if t.isalpha())
    return known


def load_dgs_entries() -> list[LexiconEntry]:
    """All glossed DGS signs of the signwriting package as `LexiconEntry`s (kind "sign")."""
    with open(package_data.dgs_dictionary_path(), encoding="utf-8") as f:
        records = json.load(f)
    known = _known_words(records)
    source = dgs_source()
    entries, skipped, seen_ids = [], 0, set()
    for n, record in enumerate(records):
        sign_id = str(record.get("sign_id") or n)
        raw_glosses = [record["gloss_id"]] if record.get("gloss_id") else []
        raw_glosses += [g for g in (record.get("hns_gloss") or []) if g and g.strip()]
        if not raw_glosses:
            raw_glosses = _sign_id_glosses(sign_id)
        parsed = [p for p in (parse_gloss(g, known) for g in raw_glosses) if p]
        if not parsed:
            skipped += 1
            continue
        main = parsed[0]
        phrases = []
        for p in parsed:  # alternative glosses (INFORMIEREN_B / INFO) become extra words
            phrase = " ".join(dictionary_form(w, SPOKEN) for w in p.words)
            if phrase not in phrases:
                phrases.append(phrase)
        entry_id = f"{SOURCE_NAME}:{sign_id}"
        if entry_id in seen_ids:  # one sign_id appears twice in the data
            entry_id = f"{entry_id}#{n}"
        seen_ids.add(entry_id)
        hamnosys = record.get("hamnosys") or []
        entries.append(LexiconEntry(
            id=entry_id, language=LANGUAGE, gloss=main.gloss, words=phrases, source=source, kind="sign",
            original_gloss=raw_glosses[0], variant=main.variant, signwriting=record.get("signwriting") or None,
            hamnosys=hamnosys[0] if hamnosys else None,
            extra={"sign_id": sign_id, "all_glosses": raw_glosses,
                   **({"hamnosys_alternatives": hamnosys[1:]} if len(hamnosys) > 1 else {})},
        ))
    LAST_SKIPPED[SOURCE_NAME] = skipped
    return entries
