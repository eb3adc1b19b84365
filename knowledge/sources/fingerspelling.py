"""Fingerspelling letters as lexicon entries (kind "letter").

- spoken-to-signed's `.pose` clips (MediaPipe Holistic, referenced in place inside the package);
- the signwriting package's fingerspelling alphabets: {letter: [FSW, ...]} per sign language.

Letters are only matched exactly by lookup, and never outrank a sign for a word query.
"""

from __future__ import annotations

import json

from signbridge.knowledge import package_data
from signbridge.knowledge.types import LexiconEntry, Source

POSE_SOURCE = "spoken-to-signed-fingerspelling"
SIGNWRITING_SOURCE = "signwriting-fingerspelling"


def pose_letter_entries() -> list[LexiconEntry]:
    source = Source(name=POSE_SOURCE, version=package_data.package_version("spoken-to-signed"), license="MIT",
                    url="https://github.com/ZurichNLP/spoken-to-signed-translation")
    entries = []
    for clip in package_data.fingerspelling_clips():
        entries.append(LexiconEntry(
            id=f"{POSE_SOURCE}:{clip.signed_language}:{clip.path.name}:{clip.letters}",
            language=clip.signed_language, gloss=clip.letters.upper(), words=[clip.letters], source=source,
            kind="letter", pose_path=str(clip.path), pose_start_ms=clip.start_ms, pose_end_ms=clip.end_ms,
            extra={"spoken_language": clip.spoken_language, "priority": clip.priority},
        ))
    return entries


def signwriting_letter_entries() -> list[LexiconEntry]:
    source = Source(name=SIGNWRITING_SOURCE, version=package_data.package_version("signwriting"), license="MIT",
                    url="https://github.com/sign-language-processing/signwriting")
    entries = []
    for code in package_data.signwriting_fingerspelling_languages():
        try:
            with open(package_data.signwriting_fingerspelling_file(code), encoding="utf-8") as f:
                alphabet = json.load(f)
        except (OSError, ValueError):
            continue
        if not isinstance(alphabet, dict):
            continue
        for letter, signs in alphabet.items():
            signs = [signs] if isinstance(signs, str) else list(signs or [])
            if not signs:
                continue
            entries.append(LexiconEntry(
                id=f"{SIGNWRITING_SOURCE}:{code}:{letter}", language=code, gloss=letter.upper(), words=[letter],
                source=source, kind="letter", signwriting=signs[0],
                extra={"alternatives": signs[1:]} if len(signs) > 1 else {},
            ))
    return entries
