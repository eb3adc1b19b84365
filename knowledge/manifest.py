"""Per-item status records for imports, kept in the knowledge base's SQLite file.

Like SignVerse-2M's pipeline (a manifest keyed by item, with status records that allow staged
re-execution and failure recovery), every import job keeps one row per item:

    job       "<kind>:<source name>"
    item      a stable key inside the job (a relative path, a CSV row key)
    status    "pending" | "done" | "failed"
    reason    why it failed (shown to the user), or null
    entry_ids the knowledge-base entries it produced (JSON list)

An item's entries and its "done" row are written in ONE SQLite transaction, so after a kill the item
is either fully imported or not at all; a rerun skips "done" items and retries the rest.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass

STATUSES = ("pending", "done", "failed")


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.execute("""
        CREATE TABLE IF NOT EXISTS import_items (
            job TEXT NOT NULL, item TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
            entry_ids TEXT NOT NULL DEFAULT '[]', updated REAL NOT NULL, PRIMARY KEY (job, item))""")


@dataclass
class ItemRecord:
    job: str
    item: str
    status: str
    reason: str | None
    entry_ids: list[str]
    updated: float


class Manifest:
    """The status records of one import job."""

    def __init__(self, conn: sqlite3.Connection, job: str):
        ensure_schema(conn)
        self.conn, self.job = conn, job

    def plan(self, items: list[str]) -> None:
        """Register items as pending (items already known keep their status)."""
        now = time.time()
        with self.conn:
            self.conn.executemany(
                "INSERT OR IGNORE INTO import_items(job, item, status, updated) VALUES (?, ?, 'pending', ?)",
                [(self.job, item, now) for item in items])

    def status(self, item: str) -> str | None:
        row = self.conn.execute("SELECT status FROM import_items WHERE job=? AND item=?", (self.job, item)).fetchone()
        return row[0] if row else None

    def mark(self, item: str, status: str, reason: str | None = None, entry_ids: list[str] = ()) -> None:
        """Record a status; call inside the caller's transaction to make it atomic with the entries."""
        assert status in STATUSES
        self.conn.execute(
            "INSERT OR REPLACE INTO import_items(job, item, status, reason, entry_ids, updated) VALUES (?, ?, ?, ?, ?, ?)",
            (self.job, item, status, reason, json.dumps(list(entry_ids)), time.time()))

    def records(self) -> list[ItemRecord]:
        rows = self.conn.execute(
            "SELECT job, item, status, reason, entry_ids, updated FROM import_items WHERE job=? ORDER BY item", (self.job,))
        return [ItemRecord(j, i, s, r, json.loads(e), u) for j, i, s, r, e, u in rows]

    def counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT status, COUNT(*) FROM import_items WHERE job=? GROUP BY status", (self.job,))
        return {status: n for status, n in rows}


def jobs(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Every import job with its status counts."""
    ensure_schema(conn)
    out: dict[str, dict[str, int]] = {}
    for job, status, n in conn.execute("SELECT job, status, COUNT(*) FROM import_items GROUP BY job, status"):
        out.setdefault(job, {})[status] = n
    return out
