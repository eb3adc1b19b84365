"""The knowledge base: one persistent index under ``<home>/index`` that every tool shares.

Layout::

    <home>/index/kb.sqlite     entries (JSON per LexiconEntry), metadata, import manifests; the source of truth
    <home>/index/chroma/       chromadb vectors of sign and document entries (our own embeddings)
    <home>/index/stats.json    {"lexicon": {code: {source: n_sign_entries}}, ...} (read by knowledge.inventory)
    <home>/poses/<sha256>.pose imported poses, content-addressed (package poses are referenced in place)

SQLite is the source of truth and is transactional, so a killed process never leaves a half-written
entry; each row carries an ``embedded`` flag and anything not yet in chromadb (or everything, when the
embedding backend changed or the vector store is damaged) is re-embedded on the next open. Lookups run
on an in-memory copy loaded when the knowledge base is opened; chromadb is only opened for vector queries.

There is no process-wide instance: the owner (a CLI command, the agent service's `ToolContext`, the eval
runner, a `chat` process) opens the knowledge base once, or holds a `KnowledgeHandle` that opens it on
first use, and passes it down; library functions take it as `kb`. `refresh()` reloads the in-memory copy
when another process changed the index (a handle does that on every use).

The SQLite file's schema lives in `store_db.py`, the chromadb side (embedding, vector search) in
`store_vectors.py`; this module holds the entries, building, changes and statistics.
"""

from __future__ import annotations

import fcntl
import json
import sqlite3
import threading
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path

from signbridge.knowledge.atomic import atomic_write_text
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.store_db import open_database
from signbridge.knowledge.store_vectors import VectorStoreMixin
from signbridge.knowledge.types import LexiconEntry

SCHEMA_VERSION = "1"


class KnowledgeBase(VectorStoreMixin):
    """Entries of every source, with exact access in memory and vector search through chromadb."""

    def __init__(self, settings: Settings, conn: sqlite3.Connection, progress: bool = True):
        from signbridge.knowledge.embeddings import make_embedder

        self.settings = settings
        self.index_dir = settings.index_dir
        self.conn = conn
        self.progress = progress
        self.embedder = make_embedder(settings)
        self._entries: dict[str, LexiconEntry] = {}
        self._by_gloss: dict[tuple[str, str], list[LexiconEntry]] = defaultdict(list)
        self._client = None
        self._client_dir: Path | None = None
        self._collection = None
        self._generation = -1
        self._lock_depth = 0
        self.version = 0  # bumped on every change, so derived lookup structures know to refresh
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- opening and building
    @classmethod
    def open(cls, settings: Settings, build_if_missing: bool = True, progress: bool = True) -> "KnowledgeBase":
        """Open (and on first use build) the knowledge base of ``settings.home``: a new object on every
        call, so open it once where the work starts and pass it down (or hold a `KnowledgeHandle`).

        A damaged index (a folder where a file belongs or the reverse, garbage metadata or entries)
        is an InputError naming the file and how to rebuild, not a traceback.
        """
        from signbridge.knowledge.errors import InputError

        index = Path(settings.index_dir)
        for path, want_dir in ((index, True), (index / ".lock", False), (index / "stats.json", False)):
            if path.exists() and path.is_dir() != want_dir:
                kind = "a file" if want_dir else "a folder"
                raise InputError(f"the knowledge base is damaged: {path} is {kind}; move it aside and run "
                                 "`signbridge knowledge build` to rebuild the index (rerun your imports after)")
        try:
            return cls._open(settings, build_if_missing, progress)
        except (ValueError, TypeError, KeyError) as error:  # json/int/unicode errors from the index's contents
            raise InputError(f"the knowledge base in {index} is damaged ({type(error).__name__}: "
                             f"{str(error)[:80]}); move {index / 'kb.sqlite'} aside and run `signbridge knowledge "
                             "build` to rebuild it (rerun your imports after)") from None

    @classmethod
    def _open(cls, settings: Settings, build_if_missing: bool, progress: bool) -> "KnowledgeBase":
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        kb = cls(settings, open_database(settings.index_dir / "kb.sqlite"), progress=progress)
        with kb._file_lock():
            if build_if_missing and kb._needs_builtin_build():
                kb.build(rebuild=False)
            kb._sync_vectors()
        kb._load()
        return kb

    def close(self) -> None:
        """Release the chromadb client and the SQLite connection (the object is unusable afterwards)."""
        with self._lock:
            self._disconnect()
            self.conn.close()

    @contextmanager
    def _file_lock(self):
        """One writer at a time across processes (two CLIs building at once would duplicate work),
        and one thread at a time in this process (the thread lock is taken first).

        Re-entrant within one thread (flock on a second descriptor of the same file would deadlock).
        """
        with self._lock:
            if self._lock_depth:
                self._lock_depth += 1
                try:
                    yield
                finally:
                    self._lock_depth -= 1
                return
            with open(self.index_dir / ".lock", "a+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._lock_depth = 1
                try:
                    yield
                finally:
                    self._lock_depth = 0
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def _bump_generation(self) -> None:
        generation = int(self._meta("generation") or 0) + 1
        self._set_meta("generation", str(generation))

    def _needs_builtin_build(self) -> bool:
        from signbridge.knowledge.sources import builtin_fingerprint

        return self._meta("builtin_fingerprint") != builtin_fingerprint() or self._meta("schema") != SCHEMA_VERSION

    def build(self, rebuild: bool = False) -> dict:
        """(Re)load the built-in sources into the index; imported entries are kept.

        With ``rebuild`` the vector store is dropped and everything is re-embedded too.
        Returns the stats.
        """
        from signbridge.knowledge.sources import builtin_fingerprint, builtin_sources

        sources = builtin_sources()
        with self._file_lock():
            self._load_builtins(sources, builtin_fingerprint())
            if rebuild:
                self._reset_vectors()
            self._sync_vectors()
        self._load()
        return self.stats()

    def _load_builtins(self, sources: list, fingerprint: str) -> None:
        """Replace the rows of each built-in source in one transaction (vectors follow in _sync_vectors)."""
        with self._progress() as bar:
            task = bar.add_task("building knowledge base", total=len(sources) + 1)
            loaded: list[tuple[str, list[LexiconEntry]]] = []
            for source in sources:
                bar.update(task, description=f"loading {source.name}")
                loaded.append((source.name, source.loader()))
                bar.advance(task)
            with self.conn:  # one transaction: the old built-ins stay until the new ones are in
                for name, entries in loaded:
                    old = [r[0] for r in self.conn.execute("SELECT id FROM entries WHERE source=?", (name,))]
                    new_ids = {e.id for e in entries}
                    self._delete_vectors([i for i in old if i not in new_ids])
                    self.conn.execute("DELETE FROM entries WHERE source=?", (name,))
                    self._insert(entries)
                self._set_meta("builtin_fingerprint", fingerprint)
                self._set_meta("schema", SCHEMA_VERSION)
                self._set_meta("skipped", json.dumps(self._skipped_counts()))
                self._bump_generation()
            bar.update(task, description="built-in sources loaded")
            bar.advance(task)

    @staticmethod
    def _skipped_counts() -> dict:
        from signbridge.knowledge.sources import dgs

        return dict(dgs.LAST_SKIPPED)

    def _insert(self, entries: list[LexiconEntry]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO entries(id, source, language, kind, data, embedded) VALUES (?, ?, ?, ?, ?, 0)",
            [(e.id, e.source.name, e.language, e.kind, json.dumps(e.to_dict(), ensure_ascii=False)) for e in entries])

    def _progress(self):
        from signbridge.knowledge.progress import tracker

        return tracker(self.progress)  # progress: True (the process's reporter), False, or a callback

    # ---------------------------------------------------------------- in-memory view
    def _load(self) -> None:
        with self._lock:
            entries, by_gloss = {}, defaultdict(list)
            for (data,) in self.conn.execute("SELECT data FROM entries ORDER BY rowid"):
                entry = LexiconEntry.from_dict(json.loads(data))
                entries[entry.id] = entry
                by_gloss[(entry.language, entry.gloss.upper())].append(entry)
            self._entries, self._by_gloss = entries, by_gloss
            self._generation = int(self._meta("generation") or 0)
            self.version += 1
        self._write_stats()

    def refresh(self) -> None:
        """Another process (an import) changed the index: reload the in-memory view (cheap when nothing changed)."""
        with self._lock:
            self._refresh_locked()

    def _refresh_locked(self) -> None:
        if self._client is not None and self._vector_dir() != self._client_dir:
            self._disconnect()  # another process rebuilt the vector store elsewhere
        if self._meta("embedding") != self.embedder.spec:  # another backend re-embedded the store
            self._disconnect()
            with self._file_lock():
                self._sync_vectors()
            self._load()
        elif int(self._meta("generation") or 0) != self._generation:
            with self._file_lock():
                self._sync_vectors()
            self._load()

    def entries(self, language: str | None = None, kind: str | None = None) -> list[LexiconEntry]:
        return [e for e in self._entries.values()
                if (language is None or e.language == language) and (kind is None or e.kind == kind)]

    def get(self, entry_id: str) -> LexiconEntry | None:
        return self._entries.get(entry_id)

    def by_gloss(self, language: str, gloss: str) -> list[LexiconEntry]:
        return list(self._by_gloss.get((language, gloss.upper()), []))

    def languages(self) -> list[str]:
        return sorted({e.language for e in self._entries.values()})

    def __len__(self) -> int:
        return len(self._entries)

    # ---------------------------------------------------------------- changes
    def add(self, entries: list[LexiconEntry]) -> int:
        """Insert or replace entries (by id), embed them, and refresh the in-memory view."""
        entries = list(entries)
        if not entries:
            return 0
        with self._file_lock():
            with self.conn:
                self._insert(entries)
                self._bump_generation()
            self._sync_vectors()
        self._load()
        return len(entries)

    def commit_item(self, manifest, item: str, entries: list[LexiconEntry]) -> None:
        """Store one import item's entries and mark it done, atomically (vectors follow in `flush`)."""
        with self.conn:
            ids = [e.id for e in entries]
            if ids:  # a re-imported item replaces what it produced before, never duplicates it
                old = self.conn.execute("SELECT entry_ids FROM import_items WHERE job=? AND item=?",
                                        (manifest.job, item)).fetchone()
                stale = [i for i in (json.loads(old[0]) if old else []) if i not in ids]
                self.conn.executemany("DELETE FROM entries WHERE id=?", [(i,) for i in stale])
            self._insert(entries)
            manifest.mark(item, "done", None, ids)
            self._bump_generation()

    def fail_item(self, manifest, item: str, reason: str) -> None:
        with self.conn:
            manifest.mark(item, "failed", reason)

    def flush(self, progress: bool | None = None) -> None:
        """Embed what was committed since the last flush and refresh the in-memory view."""
        shown, self.progress = self.progress, self.progress if progress is None else progress
        try:
            with self._file_lock():
                self._sync_vectors()
        finally:
            self.progress = shown
        self._load()

    def manifest(self, job: str):
        from signbridge.knowledge.manifest import Manifest

        return Manifest(self.conn, job)

    def remove_source(self, source_name: str) -> int:
        """Delete every entry of one source (e.g. an import) from both stores, with its import records."""
        with self._file_lock():
            ids = [r[0] for r in self.conn.execute("SELECT id FROM entries WHERE source=?", (source_name,))]
            self._delete_vectors(ids)
            with self.conn:
                self.conn.execute("DELETE FROM entries WHERE source=?", (source_name,))
                self.conn.execute("DELETE FROM import_items WHERE job LIKE ?", (f"%:{source_name}",))
                self._bump_generation()
        self._load()
        return len(ids)

    # ---------------------------------------------------------------- statistics
    def stats(self) -> dict:
        """Entries per language, source and kind; the embedding backend; where the index lives."""
        per: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        for e in self._entries.values():
            per[e.language][e.source.name][e.kind] += 1
        languages = {code: {src: dict(kinds) for src, kinds in sorted(sources.items())}
                     for code, sources in sorted(per.items())}
        return {
            "entries": len(self._entries),
            "signs": sum(1 for e in self._entries.values() if e.kind == "sign"),
            "letters": sum(1 for e in self._entries.values() if e.kind == "letter"),
            "documents": sum(1 for e in self._entries.values() if e.kind == "document"),
            "languages": languages,
            "lexicon": self._lexicon_counts(),
            "skipped": json.loads(self._meta("skipped") or "{}"),
            "embedding": self.embedder.spec,
            "index_dir": str(self.index_dir),
            "imports": self._import_jobs(),
        }

    def _import_jobs(self) -> dict:
        from signbridge.knowledge.manifest import jobs

        return jobs(self.conn)

    def _lexicon_counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, Counter] = defaultdict(Counter)
        for e in self._entries.values():
            if e.kind == "sign":
                counts[e.language][e.source.name] += 1
        return {code: dict(sorted(c.items())) for code, c in sorted(counts.items())}

    def _write_stats(self) -> None:
        stats = {"lexicon": self._lexicon_counts(), "entries": len(self._entries),
                 "embedding": self.embedder.spec, "skipped": json.loads(self._meta("skipped") or "{}")}
        text = json.dumps(stats, ensure_ascii=False, indent=1)
        path = self.index_dir / "stats.json"
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):  # garbage there is rewritten
            atomic_write_text(path, text)



class KnowledgeHandle:
    """The knowledge base of one owner (a request's tool context, a `chat` process, an eval run): opened
    on first use (requests that need no dictionary never open it), kept for the owner's lifetime, and
    refreshed on every later use when another process changed the index.

    Thread-safe: describe's worker threads may ask for it at once; one of them opens it.
    """

    def __init__(self, settings: Settings, progress: bool = True, kb: KnowledgeBase | None = None):
        self.settings = settings
        self.progress = progress
        self._kb = kb
        self._lock = threading.Lock()

    def get(self) -> KnowledgeBase:
        with self._lock:
            if self._kb is None:
                self._kb = KnowledgeBase.open(self.settings, progress=self.progress)
            else:
                self._kb.refresh()
            return self._kb

    @property
    def opened(self) -> bool:
        return self._kb is not None

    @classmethod
    def wrap(cls, kb: "KnowledgeBase | KnowledgeHandle") -> "KnowledgeHandle":
        """A handle for what a caller passed: its handle, or an already opened knowledge base."""
        return kb if isinstance(kb, KnowledgeHandle) else cls(kb.settings, progress=kb.progress, kb=kb)
