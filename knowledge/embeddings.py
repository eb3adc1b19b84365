"""Embedding backends for the knowledge base's vector index, chosen by a spec string.

- ``lexical`` (offline default): hashed character n-grams of the folded text. No model, no
  network; robust to case, typos and lost umlauts, but it knows nothing about meaning.
- ``st:/path/to/model``: a local sentence-transformers (or plain Hugging Face encoder) directory,
  loaded with ``local_files_only`` so nothing is ever downloaded; mean pooling over tokens.
- ``openai:model-name``: an OpenAI-compatible ``/v1/embeddings`` endpoint (vLLM, Ollama, a hosted API)
  at ``Settings.embedding_base_url`` (falling back to ``Settings.llm_base_url``).

Every backend returns L2-normalised float32 vectors, so cosine similarity is a dot product.
The spec and dimension are recorded in the index; opening it with another spec re-embeds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from signbridge.knowledge.errors import InputError, MissingExtraError, NotConfiguredError
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.text import fold

class Embedder(Protocol):
    spec: str  # what is recorded in the index, e.g. "lexical-v1:512"

    def embed(self, texts: list[str]) -> np.ndarray:  # (len(texts), dim) float32, rows L2-normalised
        ...


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


@dataclass
class LexicalEmbedder:
    """Signed feature hashing of character n-grams (n = 1..4) of the folded text, word-bounded.

    'rucken' and 'rcken' (a lost umlaut) share most 2-4-grams; case and accents fold away.
    """

    dim: int = field(default=512, metadata={"help": "hashed feature dimension"})
    ngrams: tuple[int, ...] = field(default=(2, 3, 4), metadata={"help": "character n-gram sizes"})

    @property
    def spec(self) -> str:
        return f"lexical-v1:{self.dim}:{','.join(map(str, self.ngrams))}"

    def _features(self, text: str) -> dict[int, float]:
        feats: dict[int, float] = {}
        for word in fold(text).split():
            padded = f"<{word}>"
            for n in self.ngrams:
                for i in range(max(1, len(padded) - n + 1)):
                    gram = padded[i:i + n]
                    h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "little")
                    sign = 1.0 if (h >> 63) else -1.0
                    feats[h % self.dim] = feats.get(h % self.dim, 0.0) + sign
        return feats

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)  # (texts, dim)
        for row, text in enumerate(texts):
            for index, value in self._features(text).items():
                out[row, index] += value
        return _normalise_rows(out)


@dataclass
class SentenceTransformerEmbedder:
    """A local encoder directory: sentence-transformers if installed, else transformers + mean pooling."""

    path: Path
    batch_size: int = field(default=64, metadata={"help": "texts per forward pass"})
    _model: object = field(default=None, init=False, repr=False)
    _tokenizer: object = field(default=None, init=False, repr=False)

    @property
    def spec(self) -> str:
        return f"st:{self.path}"

    def _load(self):
        if self._model is not None:
            return
        if not self.path.is_dir():
            raise InputError(f"embedding model folder '{self.path}' does not exist: give a local directory "
                             "saved with save_pretrained (nothing is downloaded)")
        try:
            from sentence_transformers import SentenceTransformer  # type: ignore
        except ImportError:
            SentenceTransformer = None
        if SentenceTransformer is not None and (self.path / "modules.json").exists():
            self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
            return
        try:
            import torch  # noqa: F401
            from transformers import AutoModel, AutoTokenizer
        except ImportError as error:
            raise MissingExtraError("train", "transformers") from error
        self._tokenizer = AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
        self._model = AutoModel.from_pretrained(str(self.path), local_files_only=True).eval()

    def embed(self, texts: list[str]) -> np.ndarray:
        self._load()
        if self._tokenizer is None:  # sentence-transformers
            vectors = self._model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True)
            return _normalise_rows(vectors)
        import torch

        chunks = []
        with torch.no_grad():
            for start in range(0, len(texts), self.batch_size):
                batch = self._tokenizer(list(texts[start:start + self.batch_size]), padding=True,
                                        truncation=True, max_length=128, return_tensors="pt")
                hidden = self._model(**batch).last_hidden_state  # (batch, tokens, hidden)
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)  # (batch, tokens, 1)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)  # (batch, hidden)
                chunks.append(pooled.float().numpy())
        if not chunks:
            return np.zeros((0, 1), dtype=np.float32)
        return _normalise_rows(np.concatenate(chunks))


@dataclass
class OpenAIEmbedder:
    """POST {base_url}/embeddings {"model", "input": [...]} -> {"data": [{"embedding", "index"}]}."""

    model: str
    base_url: str
    api_key: str = "EMPTY"
    timeout: float = 60.0
    batch_size: int = field(default=128, metadata={"help": "texts per request"})

    @property
    def spec(self) -> str:
        return f"openai:{self.model}@{self.base_url}"

    def embed(self, texts: list[str]) -> np.ndarray:
        from signbridge.knowledge.llm_client import post_json

        url = self.base_url.rstrip("/") + "/embeddings"
        settings = Settings(llm_api_key=self.api_key, llm_timeout=self.timeout)
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start:start + self.batch_size])
            data = post_json(settings, url, {"model": self.model, "input": batch}, what="embedding endpoint")
            items = data.get("data")
            if not isinstance(items, list) or not all(isinstance(i, dict) and "embedding" in i for i in items):
                raise NotConfiguredError(f"embedding endpoint {url} answered without a 'data' list of embeddings")
            items = sorted(items, key=lambda item: item.get("index", 0) if isinstance(item.get("index"), int) else 0)
            if len(items) != len(batch):
                raise NotConfiguredError(f"embedding endpoint {url} returned {len(items)} vectors for {len(batch)} texts")
            for item in items:
                rows.append(_one_vector(item["embedding"], url))
        if not rows:
            return np.zeros((0, 1), dtype=np.float32)
        if len({len(r) for r in rows}) != 1:
            raise NotConfiguredError(f"embedding endpoint {url} returned vectors of different lengths")
        return _normalise_rows(np.array(rows, dtype=np.float32))


def _one_vector(embedding, url: str) -> list[float]:
    """One pooled vector; a server without pooling sends one vector per token (a list of lists)."""
    if isinstance(embedding, list) and embedding and all(isinstance(v, list) for v in embedding):
        raise NotConfiguredError(
            f"embedding endpoint {url} returned one vector per token ({len(embedding)} vectors for one text): the "
            "model is served without pooling. Serve it as a pooled embedding model (e.g. vLLM `--task embed`, "
            "or a sentence-transformers model) and rebuild with `signbridge knowledge build --rebuild`")
    if not isinstance(embedding, list) or not embedding or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in embedding):
        raise NotConfiguredError(f"embedding endpoint {url} returned an embedding that is not a list of numbers")
    return [float(v) for v in embedding]


def make_embedder(settings: Settings) -> Embedder:
    """The embedder named by ``settings.embedding_backend``."""
    spec = (settings.embedding_backend or "lexical").strip()
    if spec == "lexical":
        return LexicalEmbedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(Path(spec[3:]).expanduser())
    if spec.startswith("openai:"):
        base = settings.embedding_base_url or settings.llm_base_url
        if not base:
            raise NotConfiguredError("the openai: embedding backend needs an endpoint: set "
                                     "SIGNBRIDGE_EMBEDDING_BASE_URL (or SIGNBRIDGE_LLM_BASE_URL), e.g. http://localhost:8000/v1")
        return OpenAIEmbedder(model=spec[len("openai:"):], base_url=base, api_key=settings.llm_api_key,
                              timeout=settings.llm_timeout)
    raise InputError(f"unknown embedding backend '{spec}': use 'lexical', 'st:/path/to/model' or 'openai:model-name'")


def is_semantic(embedder: Embedder) -> bool:
    """True for backends that model meaning (and so may match across languages)."""
    return not isinstance(embedder, LexicalEmbedder)
