"""Damaged or incompatible checkpoints give one clear error, not a raw torch traceback."""

import json

import pytest

from signbridge.knowledge.errors import InputError

torch = pytest.importorskip("torch")


def test_incompatible_and_incomplete_checkpoints(tmp_path):
    from safetensors.torch import save_file

    from signbridge.models.generator import load_group
    from signbridge.models.recognizer import load_recognizer_group

    folder = tmp_path / "group"
    folder.mkdir()
    with pytest.raises(InputError, match="incomplete"):
        load_group(folder)
    (folder / "config.json").write_text(json.dumps({"model": {}, "mode": "mlsf"}))
    save_file({"unrelated.weight": torch.zeros(2, 2)}, str(folder / "model.safetensors"))
    for load in (load_group, load_recognizer_group):
        with pytest.raises(InputError, match="cannot be loaded") as error:
            load(folder)
        assert "\n" not in str(error.value)
    (folder / "config.json").write_text("{not json")
    with pytest.raises(InputError):
        load_group(folder)
