"""simplemma's answers remembered on disk: (language, word) -> lemma, one small SQLite file.

Why: with the dictionaries on disk (`lemma_store`), what remained of a lemma in a fresh process was
importing simplemma itself (its language detector and every language's rules: ~60 ms), paid by every
lookup, ask and produce. A word lemmatised once is answered from here afterwards, without that import.
The file is named by simplemma's version and `FORMAT`, so another simplemma (other dictionaries or
rules) starts an empty memo; answers are exactly what simplemma returned.

Rebuildable: a damaged file is removed and started again, a read-only or full disk just means no
memo. Without a cache folder (`disk_cache.use`) nothing is remembered.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

FORMAT = 1  # bump when the table layout or `wordlist.lemma`'s use of simplemma changes
_lock = threading.Lock()
_db: dict[Path, sqlite3.Connection | None] = {}


def memo_path() -> Path | None:
    from signbridge.knowledge.disk_cache import folder
    from signbridge.knowledge.lemma_store import simplemma_version

    where = folder("lemmas")
    return None if where is None else where / f"memo-simplemma{simplemma_version()}-v{FORMAT}.sqlite"


def _connect(path: Path) -> sqlite3.Connection | None:
    for _ in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=2, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA synchronous=OFF")  # a cache: losing the last answers in a crash costs nothing
            db.execute("CREATE TABLE IF NOT EXISTS memo (lang TEXT, form TEXT, lemma TEXT NOT NULL, "
                       "PRIMARY KEY (lang, form)) WITHOUT ROWID")
            db.execute("SELECT lemma FROM memo LIMIT 1").fetchall()
            return db
        except sqlite3.OperationalError:  # read-only, full or locked: no memo this time
            return None
        except sqlite3.DatabaseError:  # not a database, or a damaged one: start again
            try:
                path.unlink(missing_ok=True)
            except OSError:
                return None
        except OSError:
            return None
    return None


def _memo() -> sqlite3.Connection | None:
    path = memo_path()
    if path is None:
        return None
    if path not in _db:
        _db[path] = _connect(path)
    return _db[path]


def recall(lang: str, form: str) -> str | None:
    """The lemma simplemma gave for `form` in `lang`, if remembered."""
    with _lock:
        db = _memo()
        if db is None:
            return None
        try:
            row = db.execute("SELECT lemma FROM memo WHERE lang = ? AND form = ?", (lang, form)).fetchone()
        except sqlite3.Error:
            return None
    return row[0] if row else None


def remember(lang: str, form: str, lemma: str) -> None:
    with _lock:
        db = _memo()
        if db is None:
            return
        try:
            db.execute("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)", (lang, form, lemma))
        except sqlite3.Error:  # locked by another writer for too long, or a full disk: not remembered
            pass


def forget() -> None:
    """Close the open memo files (tests; a changed cache folder is picked up by path anyway)."""
    with _lock:
        for db in _db.values():
            if db is not None:
                db.close()
        _db.clear()
