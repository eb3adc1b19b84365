"""Which SLR dataset a config names: (a) letters, (b) DGS animated from HamNoSys, (c) a corpus manifest.

Its own module so that the dataset modules (slr_data, slr_dgs, slr_corpora) never import each other in a circle.
"""

from __future__ import annotations

from pathlib import Path

from signbridge.knowledge.errors import InputError
from signbridge.models.slr_data import ClassTexts, SLRDataset, letter_dataset, manifest_dataset


def build_dataset(config, settings, texts: dict[str, ClassTexts]) -> SLRDataset:
    """The dataset a config names: letters (a), dgs (b, rule-generated poses) or a manifest (c)."""
    if config.data == "letters":
        return letter_dataset(config.language, settings, texts, config.train_segments, config.zero_shot_percent,
                              config.words)
    if config.data == "dgs":
        from signbridge.models.slr_dgs import dgs_dataset

        return dgs_dataset(config.language, settings, texts, config.zero_shot_percent, seed=config.seed)
    path = Path(config.data)
    if path.suffix == ".jsonl":
        if not path.is_file():
            raise InputError(f"manifest '{config.data}' not found (write one with `signbridge train slr-import`)")
        return manifest_dataset(path, config.language, texts, config.zero_shot_percent)
    raise InputError(f"unknown --data '{config.data}': use letters, dgs or a .jsonl manifest from `train slr-import`")
