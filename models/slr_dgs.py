"""SLR dataset (b): DGS dictionary signs as poses animated from their HamNoSys (rule-generated).

Classes are the labels of a descriptions file (`describe --vocab ... --export-slr`) whose DGS entry
(matched by the row's gloss, else by dictionary word) has HamNoSys the animator
(`signbridge.knowledge.animation`) can animate. Each class gets `train_renditions` training and
`test_renditions` test poses: the same notation animated with different, seeded timing and size
parameters (movement duration and size, holds, circle radius, distances). Train and test share the
rules: this measures whether the model reads what the notation encodes (handshape, location,
movement), not recognition of real signers. Every pose here is rule-generated, and says so.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from signbridge.knowledge.errors import InputError, NotConfiguredError
from signbridge.models.datasets import Sample
from signbridge.models.slr_data import ClassTexts, SLRDataset, held_out

PROVENANCE = ("rule-generated: DGS dictionary HamNoSys (signwriting package) animated by the rule-based "
              "animator; train and test renditions differ only in timing and size parameters")
JITTER = {  # AnimationConfig field -> (low, high) factor
    "move_seconds": (0.75, 1.3), "rest_seconds": (0.7, 1.3), "start_hold": (0.5, 1.5), "end_hold": (0.5, 1.5),
    "change_seconds": (0.75, 1.3), "move_size": (0.8, 1.2), "circle_radius": (0.8, 1.2), "near": (0.7, 1.3),
}


def _animator():
    try:
        from signbridge.knowledge.animation import AnimationConfig, AnimationError, animate_entry
    except ImportError:
        raise NotConfiguredError("this version has no HamNoSys animator (signbridge.knowledge.animation), so "
                                 "DGS signs cannot be turned into poses: use --data letters or a corpus manifest") from None
    return AnimationConfig, animate_entry, AnimationError


def rendition_config(label: str, index: int, split: str):
    """A seeded AnimationConfig: every field in JITTER scaled by a factor drawn for (label, split, index)."""
    config_cls, _, _ = _animator()
    base = config_cls()
    seed = int(hashlib.sha1(f"{label}\t{split}\t{index}".encode("utf-8")).hexdigest()[:8], 16)
    rng = np.random.default_rng(seed)
    values = {name: getattr(base, name) * rng.uniform(lo, hi) for name, (lo, hi) in JITTER.items() if hasattr(base, name)}
    return config_cls(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **values})


def dgs_entries_by_key() -> tuple[dict, dict]:
    """DGS dictionary signs with HamNoSys, by gloss and by lower-cased word (first entry wins)."""
    from signbridge.knowledge.sources.dgs import load_dgs_entries

    by_gloss, by_word = {}, {}
    for entry in load_dgs_entries():
        if entry.kind != "sign" or not entry.hamnosys:
            continue
        by_gloss.setdefault(entry.gloss, entry)
        for word in entry.words:
            by_word.setdefault(word.lower(), entry)
    return by_gloss, by_word


def dgs_dataset(language: str, settings, texts: dict[str, ClassTexts], zero_shot_percent: int = 0,
                train_renditions: int = 4, test_renditions: int = 2, seed: int = 0) -> SLRDataset:
    """Dataset (b) for the labels of `texts` (cached under the cache dir; animation is the slow part)."""
    if language != "gsg":
        raise InputError("--data dgs animates the DGS dictionary: use --lang gsg")
    if not texts:
        raise InputError("--data dgs needs --descriptions FILE (from `signbridge describe --vocab WORDS --lang gsg "
                         "--export-slr FILE`): its labels are the classes")
    _, animate_entry, animation_error = _animator()
    by_gloss, by_word = dgs_entries_by_key()
    entries = {}
    for label, ct in sorted(texts.items()):
        entry = by_gloss.get(ct.gloss or "") or by_word.get(label.lower())
        if entry is not None:
            entries[label] = entry
    if len(entries) < 2:
        raise InputError(f"only {len(entries)} of the {len(texts)} labels have a DGS entry with HamNoSys")
    key = hashlib.sha1(json.dumps([[k, e.id] for k, e in entries.items()] + [train_renditions, test_renditions],
                                  ensure_ascii=False).encode()).hexdigest()[:12]
    cache = Path(settings.cache_dir) / "slr-dgs" / f"{key}.npz"
    samples = _load_cache(cache) if cache.exists() else None
    if samples is None:
        samples = {"train": [], "test": []}
        for label, entry in entries.items():
            for split, count in (("train", train_renditions), ("test", test_renditions)):
                for i in range(count):
                    try:
                        pose = animate_entry(entry, rendition_config(label, i, split))
                    except (animation_error, ValueError) as error:  # notation the animator cannot read
                        samples.setdefault("failed", []).append(f"{label}: {error}")
                        break
                    samples[split].append(_sample(pose, label, f"dgs:{entry.id}:{split}{i}"))
        _save_cache(cache, samples)
    animated = sorted({s.text for s in samples["train"]} & {s.text for s in samples["test"]})
    unseen = [c for c in animated if held_out(language, c, zero_shot_percent) and texts[c].texts]
    seen = [c for c in animated if c not in unseen]
    return SLRDataset(language, "dgs", seen, texts, [s for s in samples["train"] if s.text in seen],
                      [s for s in samples["test"] if s.text in seen], unseen,
                      [s for s in samples["test"] if s.text in unseen], provenance=PROVENANCE)


def _sample(pose, label: str, sample_id: str) -> Sample:
    from signbridge.models.posedata import pose_to_array

    array = pose_to_array(pose)
    return Sample(label, "gsg", array.data, array.conf, id=sample_id)


def _save_cache(path: Path, samples: dict) -> None:
    from signbridge.knowledge.atomic import atomic_path

    rows = [(split, s) for split in ("train", "test") for s in samples[split]]
    meta = [{"split": split, "label": s.text, "id": s.id, "frames": s.frames} for split, s in rows]
    data = np.concatenate([s.data for _, s in rows]).astype(np.float16) if rows else np.zeros((0, 50, 3), np.float16)
    conf = np.concatenate([s.conf for _, s in rows]).astype(np.float16) if rows else np.zeros((0, 50), np.float16)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        np.savez(f, data=data, conf=conf, meta=np.array(json.dumps(meta)))


def _load_cache(path: Path) -> dict | None:
    try:
        stored = np.load(path)
        meta = json.loads(str(stored["meta"]))
    except (OSError, ValueError, KeyError):
        return None
    out, offset = {"train": [], "test": []}, 0
    for row in meta:
        a, b = offset, offset + row["frames"]
        out[row["split"]].append(Sample(row["label"], "gsg", stored["data"][a:b].astype(np.float32),
                                        stored["conf"][a:b].astype(np.float32), id=row["id"]))
        offset = b
    return out
