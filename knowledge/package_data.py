"""Where the embedded default knowledge lives inside installed packages (no network, no copies).

- spoken-to-signed: MediaPipe Holistic fingerspelling clips (`.pose`) with an `index.csv`
- signwriting: a DGS dictionary (`hamnosys/parallel.json`), SignWriting fingerspelling per language, fonts
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path


def _package_dir(package: str) -> Path:
    spec = util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package '{package}' is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def package_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def fingerspelling_lexicon_dir() -> Path:
    return _package_dir("spoken_to_signed") / "assets" / "fingerspelling_lexicon"


@dataclass(frozen=True)
class FingerspellingClip:
    path: Path  # absolute path of the .pose file
    spoken_language: str  # ISO 639-1 of the alphabet, e.g. "de"
    signed_language: str  # ISO 639-3 sign language, e.g. "gsg"
    letters: str  # the unit this clip spells, lower case ("a", "sch", "1")
    start_ms: int
    end_ms: int
    priority: int


@lru_cache(maxsize=1)
def fingerspelling_clips() -> tuple[FingerspellingClip, ...]:
    """All fingerspelling clips shipped by spoken-to-signed (one row of its index.csv each)."""
    root = fingerspelling_lexicon_dir()
    clips = []
    with open(root / "index.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            path = root / row["path"]
            if not path.exists():
                continue
            clips.append(FingerspellingClip(
                path=path,
                spoken_language=row["spoken_language"],
                signed_language=row["signed_language"],
                letters=row["words"].lower(),
                start_ms=int(row["start"] or 0),
                end_ms=int(row["end"] or 0),
                priority=int(row["priority"] or 0),
            ))
    return tuple(clips)


@lru_cache(maxsize=1)
def fingerspelling_pose_languages() -> dict[str, int]:
    """Sign-language code -> number of fingerspelling clips."""
    counts: dict[str, int] = {}
    for clip in fingerspelling_clips():
        counts[clip.signed_language] = counts.get(clip.signed_language, 0) + 1
    return counts


def signwriting_dir() -> Path:
    return _package_dir("signwriting")


def dgs_dictionary_path() -> Path:
    """The DGS dictionary: a JSON list of {sign_id, gloss_id, signwriting, hamnosys?, hns_gloss?}."""
    return signwriting_dir() / "hamnosys" / "parallel.json"


# signwriting names its Korean file by spoken language, not by sign-language code
SIGNWRITING_FILE_ALIASES = {"kvk": "ko"}


@lru_cache(maxsize=1)
def signwriting_fingerspelling_languages() -> tuple[str, ...]:
    """Sign-language codes with SignWriting fingerspelling data in the signwriting package."""
    data = signwriting_dir() / "fingerspelling" / "data"
    reverse = {v: k for k, v in SIGNWRITING_FILE_ALIASES.items()}
    return tuple(sorted(reverse.get(p.stem, p.stem) for p in data.glob("*.json")))


def signwriting_fingerspelling_file(code: str) -> Path:
    return signwriting_dir() / "fingerspelling" / "data" / f"{SIGNWRITING_FILE_ALIASES.get(code, code)}.json"


def signwriting_fonts() -> dict[str, Path]:
    visualizer = signwriting_dir() / "visualizer"
    return {"line": visualizer / "SuttonSignWritingLine.ttf", "fill": visualizer / "SuttonSignWritingFill.ttf"}
