"""Saved model folders (config.json + model.safetensors + vocab.json [+ trainer state]): written as
one unit, read with errors for people.

Saving: every file goes into a fresh sibling folder `.NAME.saving`, which is flushed to disk and
marked complete, then swapped in with two renames (NAME -> .NAME.previous, .NAME.saving -> NAME).
A kill at any point leaves either the old checkpoint or the new one, never weights of one step with
the optimiser, PLC or RNG state of another: `recover_folder` (run before every read) finishes or
undoes an interrupted swap.

Reading: a folder written by another version of the model code (renamed or resized weights) or a
damaged file gives one clear line, not a raw `RuntimeError` from `load_state_dict`.
"""

import json
import os
import shutil
from pathlib import Path
from typing import Callable

from signbridge.knowledge.errors import InputError

_COMPLETE = ".complete"  # written last into a staging folder: everything before it is on disk


def _siblings(folder: Path) -> tuple[Path, Path]:
    return folder.with_name(f".{folder.name}.saving"), folder.with_name(f".{folder.name}.previous")


def _fsync_tree(folder: Path) -> None:
    for path in [*folder.iterdir(), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def recover_folder(folder: Path) -> None:
    """Finish or undo a save that was killed half-way (no-op when none was)."""
    folder = Path(folder)
    staging, previous = _siblings(folder)
    if not folder.exists():
        if (staging / _COMPLETE).exists():
            os.replace(staging, folder)  # killed between the two renames: the new checkpoint is whole
        elif previous.exists():
            os.replace(previous, folder)  # killed while writing the new one: keep the old one
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)


def save_folder(folder: Path, write: Callable[[Path], None]) -> None:
    """Write a checkpoint folder as one unit: `write(tmp)` fills a fresh folder that then replaces `folder`."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    recover_folder(folder)
    staging, previous = _siblings(folder)
    staging.mkdir()
    write(staging)
    (staging / _COMPLETE).write_text("")
    _fsync_tree(staging)
    if folder.exists():
        os.replace(folder, previous)
    os.replace(staging, folder)
    shutil.rmtree(previous, ignore_errors=True)
    _fsync_tree(folder.parent)


def load_model_folder(folder: Path, build: Callable[[dict], "object"], device: str = "cpu"):
    """-> (model in eval mode, config dict). `build(config)` makes the empty model from config.json."""
    from safetensors.torch import load_file

    folder = Path(folder)
    recover_folder(folder)
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        model = build(config)
        model.load_state_dict(load_file(str(folder / "model.safetensors"), device=device))
    except FileNotFoundError as error:
        raise InputError(f"checkpoint folder {folder} is incomplete: {Path(error.filename or '').name} is missing") from error
    except (RuntimeError, ValueError, TypeError, KeyError, OSError) as error:
        first = str(error).strip().splitlines()[0][:160] if str(error).strip() else type(error).__name__
        raise InputError(f"checkpoint {folder} cannot be loaded by this version of signbridge ({first}); "
                         "retrain it with `signbridge train`") from error
    return model.to(device).eval(), config


def read_model_meta(folder: Path, filename: str, fmt: str, train_hint: str) -> dict:
    """The JSON description file of a model folder, checked for its `format`; clear InputErrors otherwise."""
    path = Path(folder) / filename
    if not path.is_file():
        raise InputError(f"'{folder}' is not a {fmt} folder (no {filename}); train one with: {train_hint}")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise InputError(f"'{path}' is damaged (not JSON); retrain with: {train_hint}") from None
    if not isinstance(meta, dict) or meta.get("format") != fmt:
        raise InputError(f"'{folder}' does not hold a {fmt} model")
    return meta
