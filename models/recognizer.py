"""A fingerspelling recogniser (pose -> letters, CTC) for back-translation of generated poses.

Per language, like MLSF: `DIR/recognizer/<lang>/` holds model.safetensors, config.json, vocab.json
(its own sub-folder, so one checkpoint folder can hold a generator and its recogniser).
Model: frame features (50 points x 3 + their velocities) -> residual dilated temporal
convolutions -> per-frame letter logits; CTC with the blank at id 0 (the vocabulary's
<pad>), greedy decoding. It is trained on FS-Bench's training split only, so dev/test words
are unseen by both the generator and the recogniser.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from signbridge.knowledge.config import check_fields
from signbridge.knowledge.errors import NotConfiguredError
from signbridge.models.posedata import POSE_FEATURES
from signbridge.models.vocab import CharVocab


@dataclass
class RecognizerModelConfig:
    vocab_size: int = field(default=64, metadata={"help": "letters + specials; id 0 is the CTC blank"})
    hidden: int = field(default=128, metadata={"help": "convolution channels"})
    layers: int = field(default=2, metadata={"help": "groups of 4 dilated residual blocks"})
    dropout: float = field(default=0.1, metadata={"help": "dropout between layers"})

    def __post_init__(self):
        check_fields(self, positive=("vocab_size", "hidden", "layers"), fractions=("dropout",))


class _Block(nn.Module):
    """Residual dilated temporal convolution: (B, H, T) -> (B, H, T)."""

    def __init__(self, hidden: int, dilation: int, dropout: float):
        super().__init__()
        self.conv = nn.Conv1d(hidden, hidden, kernel_size=5, padding=2 * dilation, dilation=dilation)
        self.norm = nn.GroupNorm(1, hidden)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        return x + self.drop(nn.functional.gelu(self.norm(self.conv(x))))


class FingerspellingRecognizer(nn.Module):
    """Temporal convolution network + CTC head (convolutions: fast on a CPU, unlike a GRU)."""

    def __init__(self, config: RecognizerModelConfig):
        super().__init__()
        self.config = c = config
        self.inp = nn.Conv1d(2 * POSE_FEATURES, c.hidden, kernel_size=3, padding=1)
        # dilations 1,2,4,8 per layer group: receptive field ~60 frames (~5 letters)
        self.blocks = nn.Sequential(*[_Block(c.hidden, d, c.dropout) for _ in range(c.layers) for d in (1, 2, 4, 8)])
        self.out = nn.Linear(c.hidden, c.vocab_size)

    @staticmethod
    def features(frames: torch.Tensor) -> torch.Tensor:
        # frames (B, T, F) -> (B, T, 2F): positions and frame-to-frame velocities
        velocity = torch.diff(frames, dim=1, prepend=frames[:, :1])
        return torch.cat([frames, velocity], dim=-1)

    def encode(self, frames: torch.Tensor) -> torch.Tensor:
        # frames (B, T, F) -> hidden features (B, T, H): what the SLT projector reads (models/slt.py)
        return self.blocks(self.inp(self.features(frames).transpose(1, 2))).transpose(1, 2)

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        # frames (B, T, F) -> log-probabilities (B, T, V)
        return self.out(self.encode(frames)).log_softmax(-1)


def pad_frames(arrays: list[np.ndarray]) -> tuple[torch.Tensor, torch.Tensor]:
    """[(T_i, 50, 3)] -> frames (B, T, 150), lengths (B,)."""
    T = max(1, max(a.shape[0] for a in arrays))
    frames = torch.zeros(len(arrays), T, POSE_FEATURES)
    for b, a in enumerate(arrays):
        if a.shape[0]:
            frames[b, : a.shape[0]] = torch.from_numpy(np.asarray(a, np.float32).reshape(a.shape[0], -1))
    return frames, torch.tensor([max(1, a.shape[0]) for a in arrays], dtype=torch.long)


def greedy_decode(log_probs: torch.Tensor, lengths: torch.Tensor, vocab: CharVocab) -> list[str]:
    """CTC best path: argmax per frame, merge repeats, drop blanks (id 0)."""
    best = log_probs.argmax(-1).cpu().numpy()  # (B, T)
    out = []
    for b, n in enumerate(lengths.tolist()):
        ids, previous = [], -1
        for i in best[b, :n]:
            if i != previous and i != 0:
                ids.append(int(i))
            previous = i
        out.append(vocab.decode(ids))
    return out


@dataclass
class RecognizerGroup:
    model: FingerspellingRecognizer
    vocab: CharVocab

    @torch.no_grad()
    def recognize(self, arrays: list[np.ndarray], batch_size: int = 64) -> list[str]:
        self.model.eval()
        out: list[str] = []
        for start in range(0, len(arrays), batch_size):
            frames, lengths = pad_frames(arrays[start:start + batch_size])
            out += greedy_decode(self.model(frames), lengths, self.vocab)
        return out


def save_recognizer_group(folder: Path, group: RecognizerGroup, train_config: dict, state: dict) -> None:
    """Weights, config, vocabulary and trainer state, saved together (one swap of folders)."""
    from safetensors.torch import save_file

    from signbridge.models.checkpoints import save_folder

    def write(tmp: Path) -> None:
        save_file({k: v.detach().cpu().contiguous() for k, v in group.model.state_dict().items()},
                  str(tmp / "model.safetensors"), metadata={"format": "signbridge-fingerspelling-recognizer"})
        for name, payload in (("config.json", {"model": asdict(group.model.config), "train": train_config}),
                              ("trainer_state.json", state)):
            (tmp / name).write_text(json.dumps(payload, indent=1), encoding="utf-8")
        (tmp / "vocab.json").write_text(json.dumps(group.vocab.to_json(), ensure_ascii=False, indent=1),
                                        encoding="utf-8")

    save_folder(Path(folder), write)


def load_recognizer_group(folder: Path) -> RecognizerGroup:
    from signbridge.models.checkpoints import load_model_folder

    model, _ = load_model_folder(folder, lambda c: FingerspellingRecognizer(RecognizerModelConfig(**c["model"])))
    return RecognizerGroup(model, CharVocab.read(folder / "vocab.json"))


def recognizer_dir(directory, language: str) -> Path:
    return Path(directory) / "recognizer" / language


def load_recognizer(directory, language: str) -> RecognizerGroup:
    from signbridge.models.checkpoints import recover_folder

    folder = recognizer_dir(directory, language)
    if folder.parent.exists():
        recover_folder(folder)
    if not (folder / "model.safetensors").exists():
        if not Path(directory).exists():
            raise NotConfiguredError(f"no recogniser at '{directory}'; train one with: "
                                     f"signbridge train recognizer --languages {language} --out {directory}")
        raise NotConfiguredError(f"the recogniser in '{directory}' has no '{language}' group; train it with: "
                                   f"signbridge train recognizer --languages {language} --out {directory}")
    return load_recognizer_group(folder)
