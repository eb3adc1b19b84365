"""simplemma's per-language dictionaries (inflected form -> lemma) kept on disk, one SQLite file each.

Why: simplemma decompresses a whole dictionary in every process (German: 1.1M forms, 2-10 s), and
every lookup, ask and produce of a German word paid it. The first process that needs a language
writes `<data dir>/cache/lemmas/<lang>-simplemma<version>.sqlite` (German: ~45 MB, seconds, once,
usually during the first knowledge-base build, which loads German anyway); every later process
reads single rows (microseconds each). simplemma's own lemmatiser runs on top of it, so lemmas are
exactly simplemma's.

The folder comes from `knowledge/disk_cache.py` (the CLI names it: `Settings.cache_dir`). Without
one (or when it is not writable) simplemma's in-memory dictionaries are used, as before.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

FORMAT = 1  # bump when the table layout changes
# only dictionaries that are slow to load get a store (German 1.3 MB compressed: ~2 s a process; English
# and most others load in a fraction of a second, less than writing a store would cost)
MIN_COMPRESSED_BYTES = 800_000
_lock = threading.Lock()
_open: dict[tuple[str, Path | None], Mapping] = {}  # (lang, store path) -> mapping


# Where simplemma keeps its version and dictionaries, found without importing it: `import simplemma`
# (any of its modules) loads its language detector and every language's rules, ~60 ms a process,
# which a process whose lemmas are all on disk (`lemma_memo`) need not pay.

@lru_cache(maxsize=1)
def _package_dir() -> Path:
    from importlib.util import find_spec

    spec = find_spec("simplemma")  # a top-level package: found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("simplemma is not installed")
    return Path(list(spec.submodule_search_locations)[0])


@lru_cache(maxsize=1)
def simplemma_version() -> str:
    """simplemma's `__version__`, read by running its tiny `__metadata__.py` alone."""
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("_simplemma_metadata", _package_dir() / "__metadata__.py")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.__version__


def _data_folder() -> Path:
    return _package_dir() / "strategies" / "dictionaries" / "data"  # simplemma's DATA_FOLDER


@lru_cache(maxsize=1)
def supported_languages() -> frozenset[str]:
    """The languages simplemma has a dictionary for (its SUPPORTED_LANGUAGES, defined the same way)."""
    return frozenset(f.stem for f in _data_folder().glob("*.plzma"))


def _version() -> str:
    return simplemma_version()


def store_path(lang: str) -> Path | None:
    """Where `lang`'s store lives, or None (no cache folder, or a dictionary that loads fast anyway)."""
    from signbridge.knowledge.disk_cache import folder

    where = folder("lemmas")
    data = _data_folder() / f"{lang}.plzma"
    if where is None or not data.is_file() or data.stat().st_size < MIN_COMPRESSED_BYTES:
        return None
    return where / f"{lang}-simplemma{_version()}-v{FORMAT}.sqlite"


class SqliteLemmas(Mapping):
    """Read-only str -> str view of one store (what simplemma's strategies need: get / [] / in)."""

    def __init__(self, path: Path):
        self.path = path
        # read-only, shared across threads: every query is a single indexed row
        self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)

    def get(self, key, default=None):
        row = self._db.execute("SELECT lemma FROM forms WHERE form = ?", (key,)).fetchone()
        return row[0] if row else default

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._db.execute("SELECT form FROM forms"))

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM forms").fetchone()[0]

    def is_headword(self, word: str) -> bool:
        return self._db.execute("SELECT 1 FROM heads WHERE lemma = ?", (word,)).fetchone() is not None


class _Headwords:
    """`word in headwords(lang)`: every lemma some form maps to."""

    def __init__(self, store):
        self._store = store
        self._memory = None if isinstance(store, SqliteLemmas) else frozenset(store.values())

    def __contains__(self, word) -> bool:
        return word in self._memory if self._memory is not None else self._store.is_headword(word)


def _simplemma_dictionary(lang: str) -> Mapping:
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    try:
        return DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)
    except (ValueError, KeyError, OSError):
        return {}


def build(lang: str, path: Path) -> Path:
    """Write the store for `lang` from simplemma's data (atomic: readers never see half a file)."""
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    from signbridge.knowledge.atomic import atomic_path

    raw = _load_dictionary_from_disk(lang)  # bytes -> bytes, as shipped
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE forms (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
            db.executemany("INSERT INTO forms VALUES (?, ?)", ((k.decode(), v.decode()) for k, v in raw.items()))
            db.execute("CREATE TABLE heads (lemma TEXT PRIMARY KEY) WITHOUT ROWID")
            db.executemany("INSERT INTO heads VALUES (?)", ((v,) for v in sorted({v.decode() for v in raw.values()})))
            db.commit()
        finally:
            db.close()
    return path


def dictionary(lang: str) -> Mapping:
    """form -> lemma for `lang`: the on-disk store (built on first use), or simplemma's in-memory one."""
    supported = supported_languages()
    path = store_path(lang) if lang in supported else None
    with _lock:
        if (lang, path) in _open:
            return _open[lang, path]
        result: Mapping = {}
        if lang in supported:
            result = _simplemma_dictionary(lang) if path is None else _from_disk(lang, path)
        _open[lang, path] = result
        return result


def _from_disk(lang: str, path: Path) -> Mapping:
    try:
        if not path.is_file():
            from signbridge.knowledge.progress import status

            with status(f"storing the '{lang}' lemma dictionary for fast start-up (once)"):
                build(lang, path)
        return SqliteLemmas(path)
    except (OSError, sqlite3.Error):  # a read-only or full data dir: work from memory, as simplemma does
        return _simplemma_dictionary(lang)


def headwords(lang: str) -> _Headwords:
    return _Headwords(dictionary(lang))


class _Factory:
    """A simplemma DictionaryFactory over `dictionary()`, for simplemma's own Lemmatizer."""

    def get_dictionary(self, lang: str) -> Mapping:
        if lang not in supported_languages():
            raise ValueError(f"Unsupported language: {lang}")
        return dictionary(lang)


FACTORY = _Factory()
