"""Importers for sign-language translation corpora given as keypoints + annotation -> one JSONL manifest.

The manifest is the one `models/datasets.ManifestStream` reads (`{"pose", "text", "language"}` per line)
plus `split` and `id`, so `signbridge train slt --corpus MANIFEST` (and text2pose) train on it. Poses are
any file `knowledge.formats.read_poses` reads (.pose, OpenPose JSON folders, SignVerse npz), one per
sentence, named after the annotation's sample id. Layouts:

- `phoenix` (RWTH-PHOENIX-Weather 2014T): `PHOENIX-2014-T.{train,dev,test}.corpus.csv`, pipe-separated,
  columns `name|video|start|end|speaker|orth|translation`; pose `<poses>/<name>.pose` (or
  `<poses>/<split>/<name>.pose`); text = translation (German), the gloss (`orth`) is kept as `gloss`.
- `how2sign`: `how2sign_realigned_{train,val,test}.csv`, tab-separated, columns VIDEO_ID, VIDEO_NAME,
  SENTENCE_ID, SENTENCE_NAME, START_REALIGNED, END_REALIGNED, SENTENCE; pose `<poses>/<SENTENCE_NAME>.pose`.
- `csl-daily`: a CSV/TSV with columns `name` and `sentence` (or `text`), optionally `split` and `gloss`
  (CSL-Daily's label file exported to text); pose `<poses>/<name>.pose`.

Rows whose pose file is missing are counted, not fatal. The split comes from a `split` column, else
from the annotation file name (train / dev|val / test), else `--split`.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from signbridge.knowledge.errors import InputError

LAYOUTS = {
    # layout: (language, delimiter, id column, text column, gloss column or None)
    "phoenix": ("gsg", "|", "name", "translation", "orth"),
    "how2sign": ("ase", "\t", "SENTENCE_NAME", "SENTENCE", None),
    "csl-daily": ("csl", None, "name", "sentence", "gloss"),
}
POSE_SUFFIXES = (".pose", ".npz", ".json")


@dataclass
class ImportReport:
    manifest: str
    rows: int
    written: int
    missing_pose: int
    splits: dict


def _split_from_name(name: str) -> str | None:
    lower = name.lower()
    for key, split in (("train", "train"), ("dev", "dev"), ("val", "dev"), ("test", "test")):
        if re.search(rf"(^|[._-]){key}([._-]|$)", lower):
            return split
    return None


def _find_pose(poses: Path, sample_id: str, split: str | None) -> Path | None:
    for folder in ([poses / split] if split else []) + [poses]:
        for suffix in POSE_SUFFIXES:
            path = folder / f"{sample_id}{suffix}"
            if path.exists():
                return path
        if (folder / sample_id).is_dir():  # OpenPose: one folder of JSON frames per sample
            return folder / sample_id
    return None


def import_corpus(layout: str, annotation: Path, poses: Path, manifest: Path, language: str | None = None,
                  split: str | None = None) -> ImportReport:
    """Annotation + pose folder -> JSONL manifest (appends, so several split files go into one manifest)."""
    if layout not in LAYOUTS:
        raise InputError(f"unknown corpus layout '{layout}': use {', '.join(LAYOUTS)}")
    default_language, delimiter, id_col, text_col, gloss_col = LAYOUTS[layout]
    annotation, poses = Path(annotation), Path(poses)
    try:
        raw = annotation.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read annotation '{annotation}': {error}") from None
    lines = raw.splitlines()
    if delimiter is None:
        delimiter = "\t" if lines and "\t" in lines[0] else ","
    rows = list(csv.DictReader(lines, delimiter=delimiter))
    columns = {c.strip().lower(): c for c in (rows[0] if rows else {}) if c}
    ids, texts = columns.get(id_col.lower()), columns.get(text_col.lower()) or columns.get("text")
    if not ids or not texts:
        raise InputError(f"'{annotation.name}' is not in the {layout} layout: it needs columns {id_col} and {text_col}")
    file_split = split or _split_from_name(annotation.name)
    written = missing = 0
    splits: dict[str, int] = {}
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest, "a", encoding="utf-8") as out:
        for row in rows:
            sample_id, text = (row.get(ids) or "").strip(), " ".join((row.get(texts) or "").split())
            if not sample_id or not text:
                continue
            row_split = (row.get(columns.get("split", ""), "") or "").strip().lower() or file_split or "train"
            row_split = {"val": "dev", "validation": "dev"}.get(row_split, row_split)
            pose = _find_pose(poses, sample_id, row_split)
            if pose is None:
                missing += 1
                continue
            item = {"pose": str(pose.resolve()), "text": text, "language": language or default_language,
                    "split": row_split, "id": sample_id}
            gloss = columns.get(gloss_col.lower()) if gloss_col else None
            if gloss and row.get(gloss):
                item["gloss"] = " ".join(row[gloss].split())
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            written += 1
            splits[row_split] = splits.get(row_split, 0) + 1
    return ImportReport(str(manifest), len(rows), written, missing, splits)


def read_manifest_split(manifest: Path, split: str, languages: list[str]):
    """Samples of one split (and the run's languages) from a manifest, in memory (for the SLT trainer)."""
    from signbridge.knowledge.formats import read_poses
    from signbridge.models.datasets import Sample
    from signbridge.models.posedata import pose_to_array

    if not Path(manifest).is_file():
        raise InputError(f"corpus manifest '{manifest}' does not exist")
    out = []
    with open(manifest, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                raise InputError(f"'{manifest}' line {n + 1} is not JSON") from None
            if row.get("split", "train") != split or (languages and row.get("language") not in languages):
                continue
            for k, pose in enumerate(read_poses(Path(row["pose"]))):
                array = pose_to_array(pose)
                out.append(Sample(row["text"], row.get("language"), array.data, array.conf, id=f"{row.get('id', n)}:{k}"))
    return out
