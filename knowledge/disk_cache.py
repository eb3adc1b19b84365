"""Where derived, rebuildable caches live: one folder under the data directory, named once per process.

Caches here hold what would otherwise be recomputed in every process (lemma dictionaries,
SignWriting glyph outlines). The CLI names the folder at the edge (`use(settings.cache_dir)`);
without it every cache stays in memory, as before. Deleting the folder is always safe.
"""

from __future__ import annotations

from pathlib import Path

_root: dict[str, Path | None] = {"dir": None}


def use(cache_dir: str | Path | None) -> None:
    """Keep caches under `cache_dir` (None: memory only)."""
    _root["dir"] = Path(cache_dir).expanduser() if cache_dir else None


def folder(name: str) -> Path | None:
    """`<cache dir>/<name>` (not created), or None when no cache folder is configured."""
    return None if _root["dir"] is None else _root["dir"] / name
