"""Data for isolated sign recognition: classes, their description texts, and pose samples.

Descriptions come as `describe --vocab ... --export-slr FILE` writes them:
`{label: {"global": str, "synonyms": [str], "parts": {slot: str}, "grounded": bool, ...}}`. Each
non-empty text is one positive of its class (GSP-MC's multi-positive set); ungrounded labels
have no texts and are trained with cross-entropy only.

(a) real letter clips (`letter_dataset`): every unit of a pose alphabet is a class. Training
samples are the isolated letter clips (spoken-to-signed, one real recording per letter) plus, by
default, the letters cut out of FS-Bench *training* words; test samples are the letters cut out
of FS-Bench *test* words (a hash split by word: a composition is never in both). A cut letter
has been trimmed, time-capped, aligned, smoothed and joined to its neighbours by transitions, so
it differs from the isolated clip; it is still the same recording of the same signer, so this
measures robustness to context, not to new signers. Letter descriptions are rule-based readings
of the signwriting package's fingerspelling alphabets (`signbridge describe --letters`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from signbridge.knowledge.errors import InputError
from signbridge.models.datasets import Sample

TEXT_SLOTS = ("global", "synonym", "right_hand", "left_hand", "face", "mouth", "body", "movement")


@dataclass
class ClassTexts:
    """The description texts of one class, by slot (GSP-MC's global / synonym / part texts)."""

    label: str
    texts: list[tuple[str, str]] = field(default_factory=list)  # (slot, text)
    grounded: bool = False
    gloss: str | None = None  # the dictionary gloss the description was read from


def read_descriptions(path: str | Path) -> dict[str, ClassTexts]:
    """Read an `--export-slr` JSON file -> {label: ClassTexts}; one clear line on bad input."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"descriptions file '{path}' not found (write it with: signbridge describe --vocab FILE "
                         f"--lang CODE --export-slr {path.name})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(f"descriptions file '{path}' is not JSON ({type(error).__name__}): give the file "
                         "`describe --export-slr` wrote") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(f"descriptions file '{path}' is not a label -> description object (from describe --export-slr)")
    return {str(label): class_texts(str(label), row) for label, row in data.items()}


def class_texts(label: str, row: dict) -> ClassTexts:
    texts = []
    if str(row.get("global") or "").strip():
        texts.append(("global", row["global"].strip()))
    texts += [("synonym", s.strip()) for s in row.get("synonyms") or [] if str(s).strip()]
    for slot, text in (row.get("parts") or {}).items():
        if slot in TEXT_SLOTS and str(text or "").strip():
            texts.append((slot, str(text).strip()))
    return ClassTexts(label, list(dict.fromkeys(texts)), bool(row.get("grounded")) and bool(texts), row.get("gloss"))


def letter_classes(language: str) -> list[str]:
    """The units of a language's pose alphabet (classes of dataset (a)), sorted."""
    from signbridge.knowledge.fingerspelling import alphabet

    abc = alphabet(language)
    if abc is None:
        from signbridge.knowledge.fingerspelling import pose_languages

        raise InputError(f"no letter clips for '{language}' (languages with clips: {', '.join(pose_languages())})")
    return sorted(abc.clips)


def clip_sample(language: str, letter: str) -> Sample:
    """The isolated letter clip as a normalised sample (common layout, 12.5 fps)."""
    from signbridge.knowledge.fingerspelling import alphabet, load_clip
    from signbridge.models.posedata import pose_to_array

    clip = alphabet(language).clips[letter]
    array = pose_to_array(load_clip(clip.path))
    return Sample(letter, language, array.data, array.conf, id=f"clip:{language}:{letter}")


def held_out(language: str, label: str, percent: int) -> bool:
    """Zero-shot hold-out: a stable hash of (language, label) decides, like FS-Bench's split."""
    if percent <= 0:
        return False
    bucket = int(hashlib.sha1(f"zeroshot\t{language}\t{label}".encode("utf-8")).hexdigest(), 16) % 100
    return bucket < percent


def segment_samples(language: str, split: str, settings, words: int = 600, context_frames: int = 2,
                    limit: int | None = None) -> list[Sample]:
    """Letters cut from FS-Bench compositions of one split (cached as npz under the cache dir).

    Each word is joined exactly as FS-Bench joins it (`join_poses_with_spans`, the production
    join); each letter's span, widened by `context_frames` (at 12.5 fps) into its transitions,
    becomes one sample labelled with the letter.
    """
    from signbridge.models import fsbench

    cfg = fsbench.FSBenchConfig(words_per_language=words)
    folder = Path(settings.cache_dir) / "slr-segments" / language / f"{cfg.key()}-c{context_frames}"
    index, arrays = folder / f"{split}.json", folder / f"{split}.npz"
    if not (index.exists() and arrays.exists()):
        _build_segments(language, split, cfg, context_frames, folder)
    rows = json.loads(index.read_text(encoding="utf-8"))
    stored = np.load(arrays)
    data, visible = stored["data"], stored["visible"]
    out = []
    for row in rows[:limit]:
        a, b = row["offset"], row["offset"] + row["frames"]
        out.append(Sample(row["letter"], language, data[a:b].astype(np.float32), visible[a:b].astype(np.float32),
                          id=f"segment:{language}:{row['word']}:{row['position']}"))
    return out


def _build_segments(language: str, split: str, cfg, context_frames: int, folder: Path) -> None:
    from signbridge.knowledge.atomic import atomic_path, atomic_write_text
    from signbridge.knowledge.fingerspelling import letter_timing, load_clip, spell
    from signbridge.knowledge.pose_join import JoinConfig, join_poses_with_spans
    from signbridge.models import fsbench
    from signbridge.models.posedata import FPS, pose_to_array

    join = JoinConfig()
    rows, chunks, visible, offset = [], [], [], 0
    for word in fsbench.select_words(language, cfg):
        if fsbench.split_of(language, word, cfg) != split:
            continue
        units = [u for u in spell(word, language) if u.clip is not None]
        if not units:
            continue
        holds, caps, pauses = letter_timing(units, join)
        pose, spans = join_poses_with_spans([load_clip(u.clip) for u in units], join, holds=holds,
                                            max_seconds=caps, pauses=pauses)
        array = pose_to_array(pose)  # the whole word normalised once, resampled to 12.5 fps
        ratio = FPS / join.fps
        for position, (unit, span) in enumerate(zip(units, spans)):
            if span is None:
                continue
            start = max(0, int(np.floor(span[0] * ratio)) - context_frames)
            end = min(array.frames, int(np.ceil(span[1] * ratio)) + context_frames)
            if end - start < 2:
                continue
            rows.append({"word": word, "position": position, "letter": unit.letters, "offset": offset,
                         "frames": end - start})
            chunks.append(array.data[start:end].astype(np.float16))
            visible.append((array.conf[start:end] > 0).astype(np.uint8))
            offset += end - start
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_path(folder / f"{split}.npz") as tmp, open(tmp, "wb") as f:
        np.savez(f, data=np.concatenate(chunks) if chunks else np.zeros((0, 50, 3), np.float16),
                 visible=np.concatenate(visible) if visible else np.zeros((0, 50), np.uint8))
    atomic_write_text(folder / f"{split}.json", json.dumps(rows, ensure_ascii=False))


@dataclass
class SLRDataset:
    """Everything a training run needs: classes, their texts, and samples by split."""

    language: str
    name: str  # "letters", "dgs-hamnosys", or a manifest path
    classes: list[str]  # every class with training samples (classifier rows), in order
    texts: dict[str, ClassTexts]  # may also hold classes without training samples (zero-shot)
    train: list[Sample]
    test: list[Sample]
    zero_shot: list[str] = field(default_factory=list)  # held-out classes (texts only, no training poses)
    zero_shot_test: list[Sample] = field(default_factory=list)
    provenance: str = ""

    def summary(self) -> dict:
        return {"language": self.language, "data": self.name, "classes": len(self.classes),
                "train": len(self.train), "test": len(self.test), "zero_shot_classes": len(self.zero_shot),
                "zero_shot_test": len(self.zero_shot_test), "provenance": self.provenance,
                "described": sum(1 for c in self.classes + self.zero_shot if self.texts.get(c) and self.texts[c].texts)}


def letter_dataset(language: str, settings, descriptions: dict[str, ClassTexts] | None = None,
                   train_segments: bool = True, zero_shot_percent: int = 0, words: int = 600) -> SLRDataset:
    """Dataset (a): letter clips (+ train-split cut letters) for training, test-split cut letters for testing."""
    letters = letter_classes(language)
    texts = descriptions or {}
    unseen = [c for c in letters if held_out(language, c, zero_shot_percent) and texts.get(c) and texts[c].texts]
    seen = [c for c in letters if c not in unseen]
    train = [clip_sample(language, c) for c in seen]
    if train_segments:
        train += [s for s in segment_samples(language, "train", settings, words) if s.text in seen]
    test_all = segment_samples(language, "test", settings, words)
    test = [s for s in test_all if s.text in seen]
    zs_test = [s for s in test_all if s.text in unseen]
    return SLRDataset(language, "letters", seen, texts, train, test, unseen, zs_test,
                      provenance="real: spoken-to-signed letter clips (one recording per letter); test letters are "
                                 "cut from FS-Bench test-word compositions of the same clips")


def manifest_dataset(path: Path, language: str, texts: dict, zero_shot_percent: int = 0):
    """Dataset (c): the manifest's train rows for training, its test rows (else val) for testing."""
    from signbridge.knowledge.formats import read_poses
    from signbridge.models.posedata import pose_to_array
    from signbridge.models.slr_corpora import read_manifest

    rows = read_manifest(path)
    labels = sorted({r.label for r in rows})
    unseen = [c for c in labels if held_out(language, c, zero_shot_percent) and texts.get(c) and texts[c].texts]
    samples: dict[str, list] = {"train": [], "val": [], "test": []}
    for r in rows:
        pose = next(iter(read_poses(r.pose)), None)
        if pose is None or len(pose.body.data) == 0:
            continue
        array = pose_to_array(pose)
        samples[r.split].append(Sample(r.label, language, array.data, array.conf, id=f"{r.split}:{r.id or r.pose}"))
    test = samples["test"] or samples["val"]
    seen = [c for c in labels if c not in unseen and any(s.text == c for s in samples["train"])]
    return SLRDataset(language, str(path), seen, texts, [s for s in samples["train"] if s.text in seen],
                      [s for s in test if s.text in seen], unseen, [s for s in test if s.text in unseen],
                      provenance=f"imported corpus manifest {Path(path).name}")

