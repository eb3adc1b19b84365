"""Configuration of a fingerspelling-recogniser run (models/training/recognizer_trainer.py)."""

from dataclasses import asdict, dataclass, field

from signbridge.knowledge.config import check_fields


@dataclass
class RecognizerConfig:
    languages: list[str] = field(default_factory=lambda: ["ase"], metadata={"help": "sign-language codes (one group each)"})
    steps: int = field(default=1600, metadata={"help": "optimizer steps per language (gsg dev CER 0.18 at 800, 0.13 at 1600)"})
    batch_size: int = field(default=32, metadata={"help": "samples per step"})
    lr: float = field(default=3e-3, metadata={"help": "AdamW learning rate (cosine decay)"})
    hidden: int = field(default=128, metadata={"help": "convolution channels"})
    layers: int = field(default=2, metadata={"help": "groups of 4 dilated residual blocks"})
    words_per_language: int = field(default=600, metadata={"help": "FS-Bench words per language"})
    # augmentation, so the recogniser tolerates generated (smoother, shifted, re-timed) poses
    noise: float = field(default=0.03, metadata={"help": "Gaussian noise on coordinates (shoulder widths)"})
    time_stretch: float = field(default=0.25, metadata={"help": "random tempo change, +/- this share"})
    shift: float = field(default=0.1, metadata={"help": "random global shift (shoulder widths)"})
    scale: float = field(default=0.1, metadata={"help": "random global scale change, +/- this share"})
    eval_words: int = field(default=60, metadata={"help": "dev words per language for CER"})
    seed: int = field(default=0, metadata={"help": "random seed"})
    cpu_threads: int = field(default=1, metadata={"help": "torch CPU threads (0 = torch's default); 1 is fastest for this small model"})

    def __post_init__(self):
        check_fields(self, positive=("steps", "batch_size", "lr", "hidden", "layers", "words_per_language", "eval_words"),
                     non_negative=("noise", "shift", "cpu_threads"), fractions=("time_stretch", "scale"))

    def to_json(self) -> dict:
        return asdict(self)
