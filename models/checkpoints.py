"""Reading a saved model folder (config.json + model.safetensors + vocab.json) with errors for people.

A folder written by another version of the model code (renamed or resized weights) or a damaged
file must give one clear line, not a raw `RuntimeError` from `load_state_dict`.
"""

import json
from pathlib import Path
from typing import Callable

from signbridge.knowledge.errors import InputError


def load_model_folder(folder: Path, build: Callable[[dict], "object"], device: str = "cpu"):
    """-> (model in eval mode, config dict). `build(config)` makes the empty model from config.json."""
    from safetensors.torch import load_file

    folder = Path(folder)
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
