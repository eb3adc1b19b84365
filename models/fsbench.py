"""FS-Bench: an offline text-to-pose benchmark built from real fingerspelling clips.

For each sign language with pose letter clips (spoken-to-signed's ~20 alphabets):
- words: the most frequent words of its spoken language (`wordfreq`, offline lists), letters
  only, 2-8 letters, spellable by that alphabet without substitutions (no "ä -> ae", no digits);
- split: train/dev/test 80/10/10 by a hash of "<language>\\t<word>", so a word's split never
  changes when the word list grows or the build order changes;
- target: the production tool's join of the real letter clips
  (`signbridge.knowledge.fingerspelling.spell_pose`), reduced to the common 50-point layout, shoulder-centred
  and shoulder-width scaled, resampled to 12.5 fps (models/posedata.py).

Datasheet: targets are compositions of real recorded letter clips, one recording per letter and
one signer per alphabet, joined by interpolated transitions. They are NOT natural continuous
fingerspelling (no coarticulation, no signer variation, fixed tempo); a model that does well here
has learnt to sequence letter shapes, not to sign.

Cache: `<settings.cache_dir>/fsbench/<lang>/<version>/` holds `words.json` (word, split, offset,
frames) and `poses.npz` (all frames concatenated, float16). Building ~600 words takes ~10-30 s per
language; later loads take milliseconds.
"""

import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from signbridge.knowledge.config import check_fields
from signbridge.knowledge.errors import InputError
from signbridge.models.datasets import Sample

SPLITS = ("train", "dev", "test")
FORMAT_VERSION = 1


@dataclass
class FSBenchConfig:
    words_per_language: int = field(default=600, metadata={"help": "words per language (fewer if the list runs out)"})
    candidates: int = field(default=20000, metadata={"help": "how many frequent words to scan"})
    min_letters: int = field(default=2, metadata={"help": "shortest word (characters)"})
    max_letters: int = field(default=8, metadata={"help": "longest word (characters); bounds sequence length"})
    train_percent: int = field(default=80, metadata={"help": "share of the hash space for train"})
    dev_percent: int = field(default=10, metadata={"help": "share for dev (the rest is test)"})

    def __post_init__(self):
        check_fields(self, positive=("words_per_language", "candidates", "min_letters", "max_letters"),
                     non_negative=("train_percent", "dev_percent"))
        if self.min_letters > self.max_letters or self.train_percent + self.dev_percent > 100:
            raise InputError("FSBenchConfig: min_letters must not exceed max_letters, nor train_percent + dev_percent 100")

    def key(self) -> str:
        blob = json.dumps({**asdict(self), "format": FORMAT_VERSION}, sort_keys=True)
        return f"v{FORMAT_VERSION}-" + hashlib.sha1(blob.encode()).hexdigest()[:10]


def split_of(language: str, word: str, config: FSBenchConfig | None = None) -> str:
    config = config or FSBenchConfig()
    bucket = int(hashlib.sha1(f"{language}\t{word}".encode("utf-8")).hexdigest(), 16) % 100
    if bucket < config.train_percent:
        return "train"
    return "dev" if bucket < config.train_percent + config.dev_percent else "test"


def languages() -> list[str]:
    """Sign languages FS-Bench can be built for: a pose alphabet and a wordfreq list."""
    from signbridge.knowledge.fingerspelling import pose_languages

    return [code for code in pose_languages() if _wordlist_code(code) is not None]


def _wordlist_code(code: str) -> str | None:
    from wordfreq import available_languages

    from signbridge.knowledge.fingerspelling import alphabet

    abc = alphabet(code)
    if abc is None:
        return None
    spoken = {"hr": "sh"}.get(abc.spoken, abc.spoken)  # wordfreq serves Croatian as Serbo-Croatian
    return spoken if spoken in available_languages() else None


def select_words(language: str, config: FSBenchConfig | None = None) -> list[str]:
    """The benchmark's words for a language, most frequent first (deterministic)."""
    from wordfreq import top_n_list

    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.fingerspelling import lower, spell

    config = config or FSBenchConfig()
    spoken = _wordlist_code(language)
    if spoken is None:
        raise InputError(f"FS-Bench has no data for '{language}': it needs a pose alphabet and a wordfreq "
                         f"word list (available: {', '.join(languages())})")
    from signbridge.knowledge.fingerspelling import alphabet

    abc = alphabet(language)
    out, seen = [], set()
    for word in top_n_list(spoken, config.candidates):
        word = lower(word, abc.spoken)
        if word in seen or not word.isalpha() or not (config.min_letters <= len(word) <= config.max_letters):
            continue
        units = spell(word, language)
        if not units or any(u.clip is None or u.note for u in units):
            continue  # only words the alphabet spells as written
        seen.add(word)
        out.append(word)
        if len(out) >= config.words_per_language:
            break
    return out


def cache_dir(settings, language: str, config: FSBenchConfig | None = None) -> Path:
    return Path(settings.cache_dir) / "fsbench" / language / (config or FSBenchConfig()).key()


def build(language: str, settings, config: FSBenchConfig | None = None, progress: bool = True) -> Path:
    """Build (or reuse) the cached FS-Bench data of one language -> its cache folder."""
    from signbridge.knowledge.fingerspelling import spell_pose
    from signbridge.models.posedata import pose_to_array

    config = config or FSBenchConfig()
    final = cache_dir(settings, language, config)
    if (final / "words.json").exists() and (final / "poses.npz").exists():
        return final
    words = select_words(language, config)
    tmp = final.with_name(final.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    rows, chunks, conf_chunks, offset = [], [], [], 0
    started = time.time()
    with _progress(progress, f"FS-Bench {language}", len(words)) as advance:
        for word in words:
            pose = spell_pose(word, language)
            if pose is None:
                advance()
                continue
            array = pose_to_array(pose)
            rows.append({"word": word, "split": split_of(language, word, config), "offset": offset,
                         "frames": array.frames})
            chunks.append(array.data.astype(np.float16))
            conf_chunks.append((array.conf > 0).astype(np.uint8))
            offset += array.frames
            advance()
    np.savez(tmp / "poses.npz", data=np.concatenate(chunks), visible=np.concatenate(conf_chunks))
    meta = {"language": language, "config": asdict(config), "words": rows, "build_seconds": round(time.time() - started, 1),
            "source": "spoken-to-signed fingerspelling clips joined by knowledge.fingerspelling.spell_pose",
            "note": "compositions of real letter clips, not natural continuous signing"}
    (tmp / "words.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    if final.exists():  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)
        return final
    os.replace(tmp, final)
    return final


def load(language: str, split: str, settings, config: FSBenchConfig | None = None, limit: int | None = None,
         progress: bool = True) -> list[Sample]:
    """Samples of one split (built and cached on first use), in word-frequency order."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    folder = build(language, settings, config, progress=progress)
    meta = json.loads((folder / "words.json").read_text(encoding="utf-8"))
    arrays = np.load(folder / "poses.npz")
    data, visible = arrays["data"], arrays["visible"]
    out = []
    for row in meta["words"]:
        if row["split"] != split:
            continue
        a, b = row["offset"], row["offset"] + row["frames"]
        out.append(Sample(row["word"], language, data[a:b].astype(np.float32), visible[a:b].astype(np.float32),
                          id=f"fsbench:{language}:{row['word']}"))
        if limit is not None and len(out) >= limit:
            break
    return out


def datasheet(languages_: list[str], settings, config: FSBenchConfig | None = None) -> str:
    """A Markdown table of the built languages: words per split and mean frames."""
    lines = ["| language | train | dev | test | mean frames |", "| --- | ---: | ---: | ---: | ---: |"]
    for code in languages_:
        meta = json.loads((build(code, settings, config, progress=False) / "words.json").read_text(encoding="utf-8"))
        counts = {s: sum(r["split"] == s for r in meta["words"]) for s in SPLITS}
        mean = np.mean([r["frames"] for r in meta["words"]]) if meta["words"] else 0
        lines.append(f"| {code} | {counts['train']} | {counts['dev']} | {counts['test']} | {mean:.0f} |")
    return "\n".join(lines)


class _progress:
    """`with _progress(progress, label, n) as advance`: reports to knowledge/progress.py."""

    def __init__(self, progress, label: str, total: int):
        from signbridge.knowledge.progress import tracker

        self.bar, self.label, self.total = tracker(progress), label, total

    def __enter__(self):
        self.bar.__enter__()
        task = self.bar.add_task(self.label, total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        self.bar.__exit__(*exc)
        return False
