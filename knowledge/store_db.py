"""The knowledge base's SQLite file: schema, and opening it (a damaged file is moved aside and rebuilt).

SQLite is the source of truth of `signbridge.knowledge.store.KnowledgeBase`: entries as JSON rows with
an `embedded` flag, metadata (`meta`), and import manifests (`signbridge.knowledge.manifest`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=60, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript("""
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE IF NOT EXISTS entries (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, language TEXT NOT NULL, kind TEXT NOT NULL,
            data TEXT NOT NULL, embedded INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS entries_source ON entries(source);
        CREATE INDEX IF NOT EXISTS entries_embedded ON entries(embedded);
    """)
    from signbridge.knowledge.manifest import ensure_schema

    ensure_schema(conn)
    return conn


def open_database(path: Path) -> sqlite3.Connection:
    """Connect, moving a damaged database aside (it is rebuilt; imports must then be rerun)."""
    try:
        conn = connect(path)
        conn.execute("SELECT COUNT(*) FROM entries").fetchone()
        return conn
    except sqlite3.DatabaseError as error:
        import sys
        import time

        damaged = path.with_name(f"{path.name}.damaged-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{path}{suffix}").exists():
                os.replace(f"{path}{suffix}", f"{damaged}{suffix}")
        sys.stderr.write(f"warning: the index {path} was damaged ({error}); moved to {damaged.name} and rebuilding "
                         "(rerun your imports to restore them)\n")
        return connect(path)
