"""Describe a whole recognition vocabulary into JSONL, resumably; export label -> texts for SLR training.

The JSONL file is append-only: each row is written with one `write` of the line and its newline,
then flushed and fsync'ed, so a kill leaves at most one partial last line. `--resume` drops such a
trailing fragment, skips the (word, language) pairs already written and appends the rest.
"""

from __future__ import annotations

import json
import os
from collections import deque
from itertools import islice
from pathlib import Path

from signbridge.knowledge.atomic import atomic_write_text
from signbridge.knowledge.errors import InputError, SignbridgeError
from signbridge.knowledge.settings import Settings
from signbridge.tools.describe.types import PART_NAMES, Description, Summary

MAX_VOCAB_BYTES = 20 * 1024 * 1024
MAX_LINE_CHARS = 200


def read_vocab(path: str | Path, settings: Settings) -> list[str]:
    """Words of a vocabulary file: one word or phrase per line, UTF-8; blank lines and '#' comments skipped.

    Raises InputError (one line, with the line number) for a missing, empty, binary, non-UTF-8
    or over-long file or line.
    """
    file = settings.paths.read(path, what="vocabulary file")
    if file.is_dir():
        raise InputError(f"vocabulary file '{path}' is a folder: give a text file with one word per line")
    if not file.is_file():
        raise InputError(f"vocabulary file '{path}' not found (one word per line, UTF-8)")
    size = file.stat().st_size
    if size > MAX_VOCAB_BYTES:
        raise InputError(f"vocabulary file '{path}' is {size // 1024 // 1024} MB; at most {MAX_VOCAB_BYTES // 1024 // 1024} MB")
    data = file.read_bytes()
    if b"\x00" in data:
        raise InputError(f"vocabulary file '{path}' looks binary (contains NUL bytes): give a UTF-8 text file, one word per line")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"vocabulary file '{path}' is not UTF-8 (bad byte at line {line}): "
                         "re-save it as UTF-8, one word per line") from None
    words = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(line) > MAX_LINE_CHARS:
            raise InputError(f"line {number} of '{path}' has {len(line)} characters (at most {MAX_LINE_CHARS}): "
                             "one word or short phrase per line")
        if any(ord(ch) < 32 and ch != "\t" for ch in line):
            raise InputError(f"line {number} of '{path}' contains control characters: give plain text")
        words.append(" ".join(line.split()))
    if not words:
        raise InputError(f"vocabulary file '{path}' has no words (one word per line; '#' starts a comment)")
    return words


def output_path(path: str | Path, settings: Settings, what: str = "output file",
                suffixes: tuple[str, ...] = (".jsonl", ".json", ".ndjson")) -> Path:
    """An output file with a JSON Lines suffix (where it may be: `settings.paths`)."""
    if Path(path).suffix.lower() not in suffixes:
        raise InputError(f"{what} '{path}' should end in {' or '.join(suffixes)}")
    out = settings.paths.write(path, what=what)
    if out.exists() and out.is_dir():
        raise InputError(f"{what} '{path}' is a directory: give a file name, e.g. descriptions.jsonl")
    return out


def _done_rows(out: Path) -> tuple[set[tuple[str, str]], bool]:
    """(word, language) pairs already in the JSONL file; drops a trailing partial line in place."""
    dropped = False
    with open(out, "rb+") as f:
        data = f.read()
        if data and not data.endswith(b"\n"):  # a row cut short by a kill: remove it
            keep = data.rfind(b"\n") + 1
            f.truncate(keep)
            data = data[:keep]
            dropped = True
    done = set()
    for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            done.add((row["word"], row["language"]))
        except (json.JSONDecodeError, KeyError, TypeError):
            raise InputError(f"line {number} of '{out}' is not a describe row: fix or remove it, "
                             "or write to a new file") from None
    return done, dropped


def _append(f, description: Description) -> None:
    line = json.dumps(description.to_json(), ensure_ascii=False) + "\n"
    f.write(line.encode("utf-8"))  # one write per row: a kill leaves at most a partial last line
    f.flush()
    os.fsync(f.fileno())


def describe_vocab(words: list[str], language: str, settings: Settings, out_path: str | Path,
                   resume: bool = False, backend: str = "offline", concurrency: int = 4,
                   progress=True, *, kb, llm_client=None) -> Summary:
    """Describe every word into `out_path` (JSONL, one row per word), resumable; `kb` is shared by the
    worker threads (its lock serialises index access)."""
    from concurrent.futures import ThreadPoolExecutor

    from signbridge.tools.describe.core import check_backend, describe, resolve_language
    from signbridge.tools.describe.offline import validate_word

    code, _ = resolve_language(language)
    check_backend(backend, settings)
    if concurrency < 1 or concurrency > 32:
        raise InputError(f"concurrency must be between 1 and 32 (got {concurrency})")
    cleaned, failed = [], []
    for word in words:  # one bad line is a failed item, not the end of the run
        try:
            cleaned.append(validate_word(word))
        except SignbridgeError as error:
            failed.append({"word": word[:MAX_LINE_CHARS], "reason": str(error)})
    unique = list(dict.fromkeys(cleaned))
    if not unique and not failed:
        raise InputError("no words to describe")
    out = output_path(out_path, settings)
    done, dropped = set(), False
    if out.exists() and out.stat().st_size > 0:
        if not resume:
            raise InputError(f"'{out}' already exists: pass --resume to continue it, or choose another --out")
        done, dropped = _done_rows(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    todo = [w for w in unique if (w, code) not in done]
    summary = Summary(out_path=out, language=code, backend=backend, total=len(unique), written=0,
                      skipped=len(unique) - len(todo), grounded=0, ungrounded=0,
                      duplicates=len(cleaned) - len(unique), dropped_partial_line=dropped, failed=failed)

    def one(word: str) -> Description | SignbridgeError:
        try:
            return describe(word, code, settings, backend=backend, kb=kb, llm_client=llm_client)
        except SignbridgeError as error:  # e.g. a line of emoji: no letters to look up
            return error

    workers = concurrency if backend == "openai" else 1  # offline work is CPU-bound and fast
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        with open(out, "ab") as f, _progress(progress, len(todo)) as advance:
            # a window of 2x workers requests in flight; rows are written in vocabulary order
            words = iter(todo)
            pending = deque((w, pool.submit(one, w)) for w in islice(words, 2 * workers))
            while pending:
                word, future = pending.popleft()
                description = future.result()
                following = next(words, None)
                if following is not None:
                    pending.append((following, pool.submit(one, following)))
                if isinstance(description, SignbridgeError):
                    summary.failed.append({"word": word, "reason": str(description)})
                    advance()
                    continue
                _append(f, description)
                summary.written += 1
                summary.grounded += description.grounded
                summary.ungrounded += not description.grounded
                summary.llm_fallbacks += any(n.startswith("llm failed") for n in description.notes)
                advance()
    finally:  # on Ctrl-C or an error: do not wait for queued words, they will be redone on --resume
        pool.shutdown(wait=False, cancel_futures=True)
    return summary


class _progress:
    """`with _progress(progress, n) as advance`: reports to knowledge/progress.py (True, False or a callback)."""

    def __init__(self, progress, total: int):
        from signbridge.knowledge.progress import tracker

        self.bar, self.total = tracker(progress), total

    def __enter__(self):
        self.bar.__enter__()
        task = self.bar.add_task("describing", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        self.bar.__exit__(*exc)
        return False


def export_slr(jsonl_path: str | Path, out_path: str | Path, settings: Settings) -> Path:
    """Write `label -> {global, synonyms, parts, grounded}` JSON for the SLR trainer (atomic write).

    Labels are the vocabulary words; an ungrounded word keeps empty texts (the trainer should
    skip its text loss rather than learn from invented descriptions).
    """
    src = settings.paths.read(jsonl_path, what="descriptions file")
    if not src.is_file():
        raise InputError(f"descriptions file '{jsonl_path}' not found")
    labels: dict[str, dict] = {}
    with open(src, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                if not line.endswith("\n"):  # a partial last row
                    break
                raise InputError(f"line {number} of '{src}' is not JSON") from None
            parts = row.get("parts") or {}
            labels[row["word"]] = {
                "global": row.get("global", ""),
                "synonyms": list(row.get("synonyms") or []),
                "parts": {name: parts.get(name, "") for name in PART_NAMES},
                "grounded": bool(row.get("grounded")),
                "language": row.get("language"),
                "gloss": row.get("gloss"),
            }
    out = output_path(out_path, settings, what="export file")
    return atomic_write_text(out, json.dumps(labels, ensure_ascii=False, indent=1))
