"""Configuration of an isolated-sign-recognition run (models/training/slr_trainer.py)."""

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Literal

Loss = Literal["ce", "mc", "both"]
PRESETS = {
    # tiny: minutes on one CPU core; base: a GPU-sized encoder for real corpora (see README recipe)
    "tiny": {"hidden": 48, "layers": 3, "steps": 300, "batch_size": 32},
    "base": {"hidden": 128, "layers": 8, "steps": 20000, "batch_size": 64},
}


@dataclass
class SLRConfig:
    # what to train on
    language: str = field(default="gsg", metadata={"help": "sign-language code"})
    data: str = field(default="letters", metadata={"help": "letters (real letter clips), dgs (HamNoSys-animated, rule-generated) or a .jsonl manifest from `train slr-import`"})
    train_segments: bool = field(default=True, metadata={"help": "letters: also train on letters cut from FS-Bench training words"})
    zero_shot_percent: int = field(default=0, metadata={"help": "hold out this share of described classes from training (zero-shot evaluation)"})
    words: int = field(default=600, metadata={"help": "FS-Bench words per language (letters data)"})
    # model
    preset: str = field(default="tiny", metadata={"help": "tiny (CPU, minutes) or base (GPU); sets hidden/layers/steps/batch_size"})
    hidden: int = field(default=48, metadata={"help": "channels per joint"})
    layers: int = field(default=3, metadata={"help": "ST-GCN blocks"})
    # objective: GSP-MC eq. 12, L = L_ce + weight * L_mc
    loss: Loss = field(default="both", metadata={"help": "ce (classifier only), mc (multi-positive contrastive only) or both"})
    mc_weight: float = field(default=0.5, metadata={"help": "weight of the contrastive term with --loss both (GSP-MC: 0.5)"})
    part_loss: bool = field(default=True, metadata={"help": "also contrast part features with their part texts (GSP-MC eq. 11)"})
    temperature: float = field(default=0.1, metadata={"help": "contrastive temperature"})
    text_encoder: str = field(default="minilm", metadata={"help": "frozen text encoder: minilm (all-MiniLM-L6-v2, packaged) or lexical (no model)"})
    # optimisation
    steps: int = field(default=300, metadata={"help": "optimizer steps"})
    batch_size: int = field(default=32, metadata={"help": "samples per step"})
    lr: float = field(default=3e-3, metadata={"help": "AdamW learning rate (cosine decay)"})
    weight_decay: float = field(default=1e-2, metadata={"help": "AdamW weight decay"})
    # augmentation (the isolated clip must still be recognised inside a word)
    noise: float = field(default=0.02, metadata={"help": "Gaussian noise on coordinates (shoulder widths)"})
    time_stretch: float = field(default=0.25, metadata={"help": "random tempo change, +/- this share"})
    shift: float = field(default=0.1, metadata={"help": "random global shift (shoulder widths)"})
    scale: float = field(default=0.1, metadata={"help": "random global scale change, +/- this share"})
    crop: float = field(default=0.3, metadata={"help": "randomly drop up to this share of frames at the ends"})
    seed: int = field(default=0, metadata={"help": "random seed"})
    cpu_threads: int = field(default=1, metadata={"help": "torch CPU threads (0 = torch's default)"})

    def __post_init__(self):
        self.check()  # a config read from a file or made in code is valid; the CLI checks again after its flags

    def apply_preset(self) -> "SLRConfig":
        from signbridge.knowledge.errors import InputError

        if self.preset not in PRESETS:
            raise InputError(f"unknown preset '{self.preset}': use one of {', '.join(PRESETS)}")
        for key, value in PRESETS[self.preset].items():
            setattr(self, key, value)
        return self

    def check(self) -> "SLRConfig":
        from signbridge.knowledge.errors import InputError

        if self.loss not in ("ce", "mc", "both"):
            raise InputError(f"unknown loss '{self.loss}': use ce, mc or both")
        if not 0 <= self.zero_shot_percent < 100:
            raise InputError("zero_shot_percent must be between 0 and 99")
        if self.temperature <= 0 or self.mc_weight < 0 or self.steps < 1 or self.batch_size < 2:
            raise InputError("temperature must be > 0, mc_weight >= 0, steps >= 1 and batch_size >= 2")
        return self

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def read(cls, path: Path) -> "SLRConfig":
        from signbridge.knowledge.errors import InputError

        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(f"config '{path}' is not a readable JSON file ({type(error).__name__})") from None
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known) if isinstance(data, dict) else ["<not an object>"]
        if unknown:
            raise InputError(f"config '{path}' has unknown fields: {', '.join(unknown)}")
        return cls(**data)
