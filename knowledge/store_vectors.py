"""The knowledge base's vector side: chromadb under ``<home>/index/chroma*``, kept in step with SQLite.

`VectorStoreMixin` is mixed into `signbridge.knowledge.store.KnowledgeBase`; it uses the base's
`conn`, `embedder`, `index_dir`, `_entries`, metadata and file lock. Every entry of an
`EMBEDDED_KINDS` kind is embedded once (the `embedded` flag in SQLite says which are done); a
damaged or replaced vector store is rebuilt from SQLite.
"""

from __future__ import annotations

import json
from pathlib import Path

from signbridge.knowledge.errors import SignbridgeError
from signbridge.knowledge.types import LexiconEntry

COLLECTION = "signbridge_entries"
EMBEDDED_KINDS = ("sign", "document")  # letters are matched exactly, never by vector


def embedding_text(entry: LexiconEntry) -> str:
    """What the vector index sees: the words (and gloss) of a sign, the text of a document chunk."""
    if entry.kind == "document":
        return f"{entry.gloss}\n{entry.description or ''}".strip()
    parts = list(entry.words) + [entry.gloss.replace("-", " ")]
    return " ; ".join(dict.fromkeys(p for p in parts if p))


class VectorStoreMixin:
    """Embedding and nearest-neighbour search for `KnowledgeBase` (see the module docstring)."""

    def _vector_dir(self) -> Path:
        return self.index_dir / (self._meta("vector_dir") or "chroma")

    def _disconnect(self) -> None:
        """Drop this process's chromadb client, so the next access opens the store afresh."""
        client, self._client, self._collection = self._client, None, None
        if client is not None and hasattr(client, "close"):
            try:
                client.close()
            except Exception:  # a client that never finished connecting
                pass

    def _chroma(self):
        if self._collection is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            self._client_dir = self._vector_dir()
            self._client = chromadb.PersistentClient(
                path=str(self._client_dir), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True))
            self._collection = self._client.get_or_create_collection(
                COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"})
        return self._collection

    def _wipe_vectors(self) -> None:
        """Start a fresh vector store in a new folder (SQLite still has every entry) and drop the old one.

        A new folder name, because chromadb caches its client per path inside a process.
        """
        import shutil
        import time

        old = self._vector_dir()
        self._disconnect()
        with self.conn:
            self._set_meta("vector_dir", f"chroma-{time.time_ns()}")
            self.conn.execute("UPDATE entries SET embedded=0")
            self._bump_generation()
        shutil.rmtree(old, ignore_errors=True)

    def _reset_vectors(self) -> None:
        try:
            self._chroma()
            self._client.delete_collection(COLLECTION)
            self._client = self._collection = None
            with self.conn:
                self.conn.execute("UPDATE entries SET embedded=0")
        except SignbridgeError:
            raise
        except Exception:  # a damaged store
            self._wipe_vectors()

    def _delete_vectors(self, ids: list[str]) -> None:
        if ids and self._meta("embedding") is not None:
            try:
                self._chroma().delete(ids=ids)
            except Exception:
                pass  # stale vectors are filtered out at query time (their ids are no longer entries)

    def _sync_vectors(self) -> None:
        """Embed every entry not yet in the vector store; switch backends by re-embedding all."""
        spec = self.embedder.spec
        if self._meta("embedding") != spec:
            if self._meta("embedding") is not None:
                self._reset_vectors()
            with self.conn:
                self.conn.execute("UPDATE entries SET embedded=0")
                self._set_meta("embedding", spec)
        with self.conn:  # letters are never embedded
            self.conn.execute(f"UPDATE entries SET embedded=1 WHERE embedded=0 AND kind NOT IN "
                              f"({','.join('?' * len(EMBEDDED_KINDS))})", EMBEDDED_KINDS)
        self._vector_retry(self._embed_pending)

    def _vector_retry(self, work):
        """Run `work()` (chromadb access, under the file lock); on an error reconnect and try once more.

        Only when a fresh client fails again, with every other writer locked out and this process's
        threads serialised, is the store taken for damaged, and rebuilt from SQLite: a transient error
        (a store another process just replaced, a half-open client) never deletes anything.
        """
        try:
            return work()
        except SignbridgeError:  # the embedding backend failed: the user must fix its configuration
            raise
        except Exception:
            self._disconnect()
        try:
            return work()
        except SignbridgeError:
            raise
        except Exception as error:  # damaged: rebuild it from SQLite (which holds every entry)
            import sys

            sys.stderr.write(f"warning: the vector store {self._vector_dir()} is damaged "
                             f"({type(error).__name__}); rebuilding it from the index\n")
            self._wipe_vectors()
            self._embed_pending()
            return work()

    def _embed_pending(self) -> None:
        pending = self.conn.execute("SELECT id, data FROM entries WHERE embedded=0").fetchall()
        if not pending:
            return
        collection = self._chroma()
        batch = 256
        with self._progress() as bar:
            task = bar.add_task(f"embedding ({self.embedder.spec.split(':')[0]})", total=len(pending))
            for start in range(0, len(pending), batch):
                rows = pending[start:start + batch]
                entries = [LexiconEntry.from_dict(json.loads(data)) for _, data in rows]
                vectors = self.embedder.embed([embedding_text(e) for e in entries])  # (batch, dim)
                collection.upsert(
                    ids=[e.id for e in entries], embeddings=vectors,
                    documents=[embedding_text(e)[:2000] for e in entries],
                    metadatas=[{"language": e.language, "kind": e.kind, "source": e.source.name} for e in entries])
                with self.conn:
                    self.conn.executemany("UPDATE entries SET embedded=1 WHERE id=?", [(e.id,) for e in entries])
                bar.advance(task, len(rows))

    def vector_search(self, text: str, language: str | list[str] | None = None, kinds: tuple[str, ...] = ("sign",),
                      k: int = 10) -> list[tuple[LexiconEntry, float]]:
        """Nearest entries to ``text`` by cosine similarity of the configured embeddings, best first."""
        languages = [language] if isinstance(language, str) else (list(language) if language else None)
        if not any(e.kind in kinds and (languages is None or e.language in languages) for e in self._entries.values()):
            return []
        conditions: list[dict] = [{"kind": {"$in": list(kinds)}}]
        if languages:
            conditions.append({"language": {"$in": languages}})
        where = conditions[0] if len(conditions) == 1 else {"$and": conditions}
        vector = self.embedder.embed([text])  # (1, dim)

        def query():
            return self._chroma().query(query_embeddings=vector, n_results=k, where=where, include=["distances"])

        with self._lock:  # chromadb's client is not safe to share between threads: one call at a time
            try:  # an exact search over a numpy copy: no chromadb import in a fresh process
                from signbridge.knowledge import vector_cache

                return vector_cache.search(self, vector, kinds, languages, k)
            except SignbridgeError:
                raise
            except Exception:  # the copy could not be made: ask chromadb (reconnect / repair below)
                pass
            try:
                result = query()
            except SignbridgeError:
                raise
            except Exception:  # replaced by another process, or damaged: reconnect, retry, rebuild only if damaged
                with self._file_lock():
                    if self._client_dir != self._vector_dir():  # another process rebuilt it elsewhere
                        self._disconnect()
                    result = self._vector_retry(query)
        out = []
        for entry_id, distance in zip(result["ids"][0], result["distances"][0]):
            entry = self._entries.get(entry_id)
            if entry is not None:
                out.append((entry, max(0.0, 1.0 - float(distance))))
        return out
