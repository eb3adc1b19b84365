"""Text-pose samples, batching, and streamed readers for real corpora.

The trainer sees one thing: `Sample`s (text, language, normalised (T,50,3) pose at 12.5 fps).
They come from FS-Bench (models/fsbench.py, in memory, indexed) or are streamed from disk:

- Prompt2Sign: `NAME.skels` (one sample per line: Prompt2Sign text, 150 numbers + counter per
  frame, or the DWPose .skels variant, told apart by knowledge.formats) next to `NAME.text`
  (one sentence per line, same order).
- A JSONL manifest, one `{"pose": path, "text": ..., "language": code}` per line, where the pose is
  anything `signbridge.knowledge.formats.read_poses` reads (SignVerse `poses.npz`, `.pose`, OpenPose JSON).

Streams never hold the corpus in memory; each worker/process reads every k-th line, so the
same code shards How2Sign-scale data across DataLoader workers and accelerate processes.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from signbridge.models.posedata import POSE_FEATURES, PoseArray, pose_to_array
from signbridge.models.vocab import CharVocab


@dataclass
class Sample:
    text: str
    language: str
    data: np.ndarray  # (T, 50, 3) float32, normalised, 12.5 fps
    conf: np.ndarray  # (T, 50) float32, 0 = missing point
    id: str = ""

    @property
    def frames(self) -> int:
        return int(self.data.shape[0])


@dataclass
class Batch:
    tokens: torch.Tensor  # (B, U) character ids, 0 = pad
    languages: torch.Tensor  # (B, U) language-marker ids per token (0 = none / pad)
    frames_in: torch.Tensor  # (B, W, F+1) previous frame + its counter; row 0 = start frame
    target: torch.Tensor  # (B, W, F) frames to predict
    mask: torch.Tensor  # (B, W, F) 1 where a coordinate is visible and not padding
    counter_target: torch.Tensor  # (B, W) (w+1)/T
    frame_mask: torch.Tensor  # (B, W) 1 for real frames
    indices: list[int]  # where the samples came from (dataset index or stream slot)

    def to(self, device) -> "Batch":
        moved = {k: (v.to(device) if isinstance(v, torch.Tensor) else v) for k, v in self.__dict__.items()}
        return Batch(**moved)


def encode_texts(texts: list[str], languages: list[str], vocab: CharVocab, mark_language: bool):
    """-> tokens (B, U), languages (B, U): every token of a text carries its language marker."""
    ids = [vocab.encode(t) for t in texts]
    U = max(len(i) for i in ids)
    tokens = torch.zeros(len(ids), U, dtype=torch.long)
    langs = torch.zeros(len(ids), U, dtype=torch.long)
    for b, (row, code) in enumerate(zip(ids, languages)):
        tokens[b, : len(row)] = torch.tensor(row)
        if mark_language:
            langs[b, : len(row)] = vocab.language_id(code)
    return tokens, langs


def collate(samples: list[Sample], vocab: CharVocab, mark_language: bool, indices=None,
            input_noise: float = 0.0, generator: torch.Generator | None = None) -> Batch:
    B = len(samples)
    W = max(s.frames for s in samples)
    target = torch.zeros(B, W, POSE_FEATURES)
    mask = torch.zeros(B, W, POSE_FEATURES)
    counter = torch.zeros(B, W)
    frame_mask = torch.zeros(B, W)
    for b, s in enumerate(samples):
        T = s.frames
        target[b, :T] = torch.from_numpy(s.data.reshape(T, -1).astype(np.float32))
        visible = torch.from_numpy((s.conf > 0).astype(np.float32))  # (T, 50)
        mask[b, :T] = visible.repeat_interleave(3, dim=1)
        counter[b, :T] = torch.arange(1, T + 1, dtype=torch.float32) / T
        frame_mask[b, :T] = 1
    previous = target[:, :-1]
    if input_noise > 0:  # Progressive Transformers' noise on fed-back frames against drift
        previous = previous + input_noise * torch.randn(previous.shape, generator=generator)
    frames_in = torch.zeros(B, W, POSE_FEATURES + 1)
    frames_in[:, 1:, :POSE_FEATURES] = previous
    frames_in[:, 1:, POSE_FEATURES] = counter[:, :-1]
    tokens, langs = encode_texts([s.text for s in samples], [s.language for s in samples], vocab, mark_language)
    return Batch(tokens, langs, frames_in, target, mask, counter, frame_mask,
                 list(indices) if indices is not None else list(range(B)))


# --- streamed corpora ---------------------------------------------------------------------------

def _shard() -> tuple[int, int]:
    """(index, count) of this reader among DataLoader workers x distributed processes."""
    rank, world = 0, 1
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        rank, world = torch.distributed.get_rank(), torch.distributed.get_world_size()
    info = torch.utils.data.get_worker_info()
    if info is not None:
        return rank * info.num_workers + info.id, world * info.num_workers
    return rank, world


class Prompt2SignStream(torch.utils.data.IterableDataset):
    """Stream (text, pose) pairs from a Prompt2Sign `.skels` file and its `.text` file."""

    def __init__(self, skels: Path, language: str, text: Path | None = None, fps: float = 25.0,
                 max_frames: int | None = None):
        self.skels = Path(skels)
        self.text = Path(text) if text else self.skels.with_suffix(".text")
        self.language, self.fps, self.max_frames = language, fps, max_frames

    def __iter__(self) -> Iterator[Sample]:
        from signbridge.knowledge.formats import read_poses

        shard, count = _shard()
        # read_poses tells Prompt2Sign text (151 numbers/frame) from DWPose .skels (385) by itself;
        # a blank line reads as a 0-frame pose, so line n still matches text line n
        with open(self.text, encoding="utf-8") as texts:
            for n, (line, pose) in enumerate(zip(texts, read_poses(self.skels, fps=self.fps))):
                if n % count != shard or len(pose.body.data) == 0 or not line.strip():
                    continue
                array = pose_to_array(pose)
                data, conf = array.data, array.conf
                if self.max_frames:
                    data, conf = data[: self.max_frames], conf[: self.max_frames]
                yield Sample(line.strip(), self.language, data, conf, id=f"{self.skels.name}:{n}")


class ManifestStream(torch.utils.data.IterableDataset):
    """Stream samples listed in a JSONL manifest (SignVerse npz, .pose, OpenPose JSON, ...)."""

    def __init__(self, manifest: Path, default_language: str | None = None, max_frames: int | None = None):
        self.manifest = Path(manifest)
        self.default_language, self.max_frames = default_language, max_frames

    def __iter__(self) -> Iterator[Sample]:
        from signbridge.knowledge.formats import read_poses

        shard, count = _shard()
        with open(self.manifest, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if n % count != shard or not line.strip():
                    continue
                row = json.loads(line)
                path = Path(row["pose"])
                if not path.is_absolute():
                    path = self.manifest.parent / path
                language = row.get("language") or self.default_language
                for k, pose in enumerate(read_poses(path)):
                    array: PoseArray = pose_to_array(pose)
                    data, conf = array.data, array.conf
                    if self.max_frames:
                        data, conf = data[: self.max_frames], conf[: self.max_frames]
                    yield Sample(row["text"], language, data, conf, id=f"{path.name}:{k}")


def _check_manifest(path: Path) -> None:
    """Every line of a JSONL training manifest is an object with "pose" and "text" (checked up front)."""
    from signbridge.knowledge.errors import InputError

    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    raise InputError(f"line {n} of '{path.name}' is not JSON: a training manifest has one "
                                     '{"pose": ..., "text": ...} object per line') from None
                if not isinstance(row, dict) or not isinstance(row.get("pose"), str) or \
                        not isinstance(row.get("text"), str):
                    raise InputError(f'line {n} of \'{path.name}\' needs string fields "pose" and "text"')
    except UnicodeDecodeError:
        raise InputError(f"training manifest '{path.name}' is not UTF-8 text") from None


def open_stream(spec: str, language: str | None, max_frames: int | None = None,
                fps: float = 25.0) -> torch.utils.data.IterableDataset:
    """A corpus path -> its stream: `*.skels` (Prompt2Sign text) or `*.jsonl` (manifest)."""
    from signbridge.knowledge.errors import InputError

    path = Path(spec).expanduser()
    if not path.exists():
        raise InputError(f"training data '{spec}' does not exist (give fsbench, a .skels file or a .jsonl manifest)")
    if path.suffix == ".skels":
        if not language:
            raise InputError("a .skels corpus needs exactly one --languages code")
        text = path.with_suffix(".text")
        if not text.is_file():
            raise InputError(f"a .skels corpus needs its sentences beside it: '{text.name}' (one line per clip) "
                             f"is missing next to '{path.name}'")
        return Prompt2SignStream(path, language, fps=fps, max_frames=max_frames)
    if path.suffix == ".jsonl":
        _check_manifest(path)
        return ManifestStream(path, language, max_frames=max_frames)
    raise InputError(f"unknown corpus format '{path.suffix}': use a Prompt2Sign .skels (+ .text) or a .jsonl manifest")
