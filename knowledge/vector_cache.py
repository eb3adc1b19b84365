"""A numpy copy of the vector index, so a lookup in a fresh process does not import chromadb.

Why: importing and opening chromadb costs 1.5-2 s per process, more than everything else a
`signbridge lookup` does. The index is small (a few thousand entries x 512 dims = a few MB), so an
exact cosine search over a float32 matrix takes milliseconds. chromadb stays the store of record:
when the index changed (another generation, backend, vector folder or number of embedded entries)
the matrix is exported from it once and written next to it (`index/vectors-cache.npz`, atomic).
"""

from __future__ import annotations

import io
import json

import numpy as np

FILE = "vectors-cache.npz"


def _key(kb) -> str:
    embedded = kb.conn.execute("SELECT COUNT(*) FROM entries WHERE embedded=1").fetchone()[0]
    return json.dumps([kb._meta("generation"), kb._meta("embedding"), kb._meta("vector_dir"), embedded])


def _export(kb, key: str):
    """(ids, matrix) from chromadb, written to the cache file."""
    from signbridge.knowledge.atomic import atomic_write_bytes

    got = kb._chroma().get(include=["embeddings"])
    ids = list(got["ids"])
    matrix = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(ids), -1)  # (entries, dim)
    buffer = io.BytesIO()
    np.savez(buffer, ids=np.array(ids, dtype=str), matrix=matrix, key=np.array(key))  # no pickled objects
    try:
        atomic_write_bytes(kb.index_dir / FILE, buffer.getvalue())
    except OSError:  # a read-only index: search from memory this time
        pass
    return ids, matrix


def _load(kb):
    """(ids, matrix) for the index as it is now, from the cache file or exported afresh."""
    key = _key(kb)
    memo = getattr(kb, "_vector_memo", None)
    if memo is not None and memo[0] == key:
        return memo[1], memo[2]
    path = kb.index_dir / FILE
    ids = matrix = None
    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as data:  # plain arrays only: loading runs no code
                if str(data["key"]) == key:
                    ids, matrix = [str(i) for i in data["ids"]], data["matrix"]
        except (OSError, ValueError, KeyError):  # damaged: export again
            ids = None
    if ids is None:
        ids, matrix = _export(kb, key)
    kb._vector_memo = (key, ids, matrix)
    return ids, matrix


def search(kb, vector: np.ndarray, kinds: tuple[str, ...], languages: list[str] | None, k: int):
    """[(entry, cosine similarity)] best first, over entries of `kinds` (and `languages`). vector: (1, dim)."""
    ids, matrix = _load(kb)
    if not ids:
        return []
    rows, entries = [], []
    for row, entry_id in enumerate(ids):
        entry = kb._entries.get(entry_id)
        if entry is not None and entry.kind in kinds and (languages is None or entry.language in languages):
            rows.append(row)
            entries.append(entry)
    if not rows:
        return []
    similarity = matrix[rows] @ np.asarray(vector, dtype=np.float32).reshape(-1)  # (candidates,)
    best = np.argsort(-similarity, kind="stable")[:k]
    return [(entries[i], max(0.0, float(similarity[i]))) for i in best]
