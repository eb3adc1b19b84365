"""Importers for real isolated-sign corpora as keypoints: pose files + the corpus's label files -> a manifest.

No corpus ships with signbridge (they are large and licensed for research only); these readers
turn a corpus you have extracted to pose files (one file per video, anything
`knowledge.formats.read_poses` reads: .pose, SignVerse .npz, an OpenPose JSON folder) into one
JSONL manifest `{"pose", "label", "split", "signer", "id"}` per line, which `train slr --data
MANIFEST.jsonl` reads. Layouts, as the corpora distribute their labels:

- ``wlasl``: `WLASL_v0.3.json`, a list of `{"gloss", "instances": [{"video_id", "split", "signer_id"}]}`;
  pose files `<poses>/<video_id>.<ext>`.
- ``autsl``: `train_labels.csv` / `validation_labels.csv` / `test_labels.csv` (`sample,class_id`, no
  header; the split comes from the file name) and `SignList_ClassId_TR_EN.csv` (`ClassId,TR,EN`);
  pose files `<poses>/<sample>.<ext>` or `<sample>_color.<ext>`.
- ``slr500``: the CSL-500 folder layout `<poses>/<class 000000-000499>/P<signer>_....<ext>` and
  `dictionary.txt` (`000000<TAB>word`); split by signer as GSP-MC and the corpus paper do
  (signers 1-35 train, 36-50 test).
- ``csv``: any `path,label[,split[,signer]]` CSV with a header row (paths relative to the CSV).

Missing pose files are counted and reported, not fatal (extraction often skips a few videos).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from signbridge.knowledge.errors import InputError

FORMATS = ("wlasl", "autsl", "slr500", "csv")
POSE_EXTENSIONS = (".pose", ".npz")


@dataclass
class CorpusRow:
    pose: str  # absolute path of the pose file
    label: str
    split: str  # train | val | test
    signer: str | None = None
    id: str = ""


@dataclass
class ImportReport:
    rows: list[CorpusRow]
    missing: int  # labelled samples without a pose file
    classes: int

    def counts(self) -> dict:
        return {s: sum(r.split == s for r in self.rows) for s in ("train", "val", "test")}


def _find_pose(poses: Path, stem: str) -> Path | None:
    for name in (stem, f"{stem}_color"):
        for ext in POSE_EXTENSIONS:
            if (poses / f"{name}{ext}").is_file():
                return poses / f"{name}{ext}"
        if (poses / name).is_dir():  # an OpenPose JSON folder
            return poses / name
    return None


def _read_text(path: Path, what: str) -> str:
    if not path.is_file():
        raise InputError(f"{what} '{path}' not found")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{what} '{path}' is not UTF-8 text") from None


def read_wlasl(labels: Path, poses: Path) -> ImportReport:
    try:
        data = json.loads(_read_text(labels, "WLASL label file"))
    except ValueError:
        raise InputError(f"'{labels}' is not WLASL JSON (a list of {{gloss, instances}})") from None
    if not isinstance(data, list):
        raise InputError(f"'{labels}' is not WLASL JSON (a list of {{gloss, instances}})")
    rows, missing = [], 0
    for entry in data:
        for inst in entry.get("instances", []):
            path = _find_pose(poses, str(inst.get("video_id")))
            if path is None:
                missing += 1
                continue
            split = {"val": "val", "validation": "val", "test": "test"}.get(inst.get("split"), "train")
            rows.append(CorpusRow(str(path), str(entry["gloss"]), split, str(inst.get("signer_id")), str(inst["video_id"])))
    return ImportReport(rows, missing, len({r.label for r in rows}))


def read_autsl(labels: Path, poses: Path) -> ImportReport:
    """`labels`: the folder with *_labels.csv and SignList_ClassId_TR_EN.csv (or one *_labels.csv file)."""
    folder = labels if labels.is_dir() else labels.parent
    files = sorted(folder.glob("*_labels.csv")) if labels.is_dir() else [labels]
    names: dict[str, str] = {}
    signlist = folder / "SignList_ClassId_TR_EN.csv"
    if signlist.is_file():
        for row in csv.DictReader(_read_text(signlist, "AUTSL class list").splitlines()):
            names[str(row.get("ClassId", "")).strip()] = (row.get("EN") or row.get("TR") or "").strip()
    if not files:
        raise InputError(f"no AUTSL *_labels.csv in '{folder}'")
    rows, missing = [], 0
    for file in files:
        split = "val" if file.name.startswith("val") else "test" if file.name.startswith("test") else "train"
        for line in csv.reader(_read_text(file, "AUTSL label file").splitlines()):
            if len(line) < 2 or not line[1].strip().isdigit():
                continue
            sample, class_id = line[0].strip(), line[1].strip()
            path = _find_pose(poses, sample)
            if path is None:
                missing += 1
                continue
            signer = sample.split("_")[0] if "_" in sample else None
            rows.append(CorpusRow(str(path), names.get(class_id, class_id), split, signer, sample))
    return ImportReport(rows, missing, len({r.label for r in rows}))


def read_slr500(labels: Path, poses: Path, test_signers_from: int = 36) -> ImportReport:
    """`labels`: dictionary.txt (`000000<TAB>word` per line); `poses`: one sub-folder per class id."""
    names = {}
    for line in _read_text(labels, "SLR500 dictionary").splitlines():
        parts = re.split(r"\t|\s+", line.strip(), maxsplit=1)
        if len(parts) == 2 and parts[0].isdigit():
            names[parts[0]] = parts[1].strip()
    if not poses.is_dir():
        raise InputError(f"SLR500 pose folder '{poses}' not found (one sub-folder per class: 000000 ... 000499)")
    rows = []
    for folder in sorted(p for p in poses.iterdir() if p.is_dir() and p.name.isdigit()):
        for file in sorted(f for f in folder.iterdir() if f.suffix in POSE_EXTENSIONS):
            match = re.match(r"P(\d+)", file.name)
            signer = int(match.group(1)) if match else 0
            rows.append(CorpusRow(str(file), names.get(folder.name, folder.name),
                                  "test" if signer >= test_signers_from else "train", str(signer), file.stem))
    return ImportReport(rows, 0, len({r.label for r in rows}))


def read_csv_labels(labels: Path, poses: Path | None = None) -> ImportReport:
    reader = csv.DictReader(_read_text(labels, "label CSV").splitlines())
    if not reader.fieldnames or not {"path", "label"} <= set(reader.fieldnames):
        raise InputError(f"label CSV '{labels}' needs a header with at least path,label (optional split,signer)")
    base = poses or labels.parent
    rows, missing = [], 0
    for row in reader:
        path = Path(row["path"]) if Path(row["path"]).is_absolute() else base / row["path"]
        if not path.exists():
            missing += 1
            continue
        split = (row.get("split") or "train").strip().lower()
        rows.append(CorpusRow(str(path), row["label"].strip(), split if split in ("train", "val", "test") else "train",
                              (row.get("signer") or None), path.stem))
    return ImportReport(rows, missing, len({r.label for r in rows}))


def import_corpus(fmt: str, labels: Path, poses: Path | None) -> ImportReport:
    if fmt not in FORMATS:
        raise InputError(f"unknown corpus format '{fmt}': use one of {', '.join(FORMATS)}")
    if fmt != "csv" and poses is None:
        raise InputError(f"--poses FOLDER is needed for {fmt} (the pose files extracted from its videos)")
    labels, poses = Path(labels), Path(poses) if poses is not None else None
    report = {"wlasl": read_wlasl, "autsl": read_autsl, "slr500": read_slr500}[fmt](labels, poses) if fmt != "csv" \
        else read_csv_labels(labels, poses)
    if not report.rows:
        raise InputError(f"no labelled pose files found ({report.missing} labelled samples had no pose file in '{poses}')")
    return report


def write_manifest(report: ImportReport, out: Path) -> Path:
    from signbridge.knowledge.atomic import atomic_write_text

    lines = "".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in report.rows)
    return atomic_write_text(out, lines)


def read_manifest(path: Path) -> list[CorpusRow]:
    path = Path(path)
    rows = []
    for number, line in enumerate(_read_text(path, "manifest").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            rows.append(CorpusRow(str(data["pose"]), str(data["label"]), str(data.get("split", "train")),
                                  data.get("signer"), str(data.get("id", ""))))
        except (ValueError, KeyError, TypeError):
            raise InputError(f"line {number} of manifest '{path}' is not a {{pose, label, split}} row "
                             "(write it with `signbridge train slr-import`)") from None
    return rows
