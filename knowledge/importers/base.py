"""The resumable, manifest-driven import loop shared by every importer.

An importer lists its items (`plan`) and turns one item into entries (`process`). The loop:
registers items in the manifest, skips the ones already done, runs each remaining item, and
commits its entries together with its "done" status in one transaction. A broken item raises
`ItemError` (or any exception) and is recorded as failed with a reason; the loop goes on.
Vectors are embedded every `flush_every` items and at the end; a kill in between leaves rows
marked "not embedded" that the next open of the knowledge base embeds.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from signbridge.knowledge.atomic import atomic_write_bytes
from signbridge.knowledge.errors import InputError, SignbridgeError
from signbridge.knowledge.paths import confine
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.types import LexiconEntry, Source


class ItemError(Exception):
    """One item cannot be imported; the message is the reason shown to the user."""


@dataclass
class ImportItem:
    key: str  # stable within the job (a relative path or a row key)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportContext:
    settings: Settings
    root: Path  # every file read must lie under it
    source: Source
    language: str | None  # the --lang code, if given
    path: Path | None = None  # the file or folder the user named (root is its folder)

    def confined(self, relative: str | Path, what: str = "file") -> Path:
        """A path from the data, resolved inside the import root (symlinks and .. cannot escape)."""
        path = confine(relative, [self.root], what=what)
        if not path.exists():
            raise ItemError(f"{what} '{relative}' does not exist")
        return path

    def entry_id(self, key: str) -> str:
        return f"{self.source.name}:{hashlib.sha1(key.encode()).hexdigest()[:16]}"


class Importer(Protocol):
    kind: str

    def plan(self, ctx: ImportContext) -> list[ImportItem]:
        ...

    def process(self, item: ImportItem, ctx: ImportContext) -> list[LexiconEntry]:
        ...


@dataclass
class ImportReport:
    kind: str
    source: str
    root: str
    total: int = 0
    done: int = 0
    newly_done: int = 0
    already_done: int = 0
    entries_added: int = 0
    failed: list[dict] = field(default_factory=list)  # [{"item", "reason"}]

    def to_json(self) -> dict:
        return {"kind": self.kind, "source": self.source, "root": self.root, "total": self.total,
                "done": self.done, "newly_done": self.newly_done, "already_done": self.already_done,
                "entries_added": self.entries_added, "failed": self.failed}


def store_pose_bytes(data: bytes, settings: Settings) -> Path:
    """Save a .pose content-addressed under <home>/poses/<sha256>.pose (atomic; same bytes -> same file)."""
    digest = hashlib.sha256(data).hexdigest()
    target = settings.poses_dir / f"{digest}.pose"
    if not target.exists():
        atomic_write_bytes(target, data)
    return target


def store_pose(pose, settings: Settings) -> Path:
    """Serialise a pose_format.Pose and store it content-addressed."""
    import io

    buffer = io.BytesIO()
    pose.write(buffer)
    return store_pose_bytes(buffer.getvalue(), settings)


def read_pose_file(path: Path):
    """Read and sanity-check a .pose file; ItemError with a reason when it is broken."""
    from pose_format import Pose

    try:
        with open(path, "rb") as f:
            pose = Pose.read(f.read())
    except Exception as error:  # pose_format raises many kinds on corrupt bytes
        raise ItemError(f"not a readable .pose file ({type(error).__name__}: {str(error)[:120]})") from error
    check_pose(pose)
    return pose


def check_pose(pose) -> None:
    """ItemError unless the pose can stand for a sign (frames, a real fps, finite visible points)."""
    from signbridge.knowledge.pose_checks import pose_problem

    problem = pose_problem(pose)
    if problem is not None:
        raise ItemError(problem)


def check_word(word: str, line) -> str:
    """The stripped word of a row, or ItemError: empty, control characters (a NUL inside a word), too long."""
    import unicodedata

    word = (word or "").strip()
    if not word:
        raise ItemError(f"line {line}: empty word")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") and c not in "\u200c\u200d" for c in word):
        raise ItemError(f"line {line}: the word {word[:40]!r} contains control characters")
    if len(word) > 200:
        raise ItemError(f"line {line}: the word is {len(word)} characters long (at most 200)")
    return word


def resolve_row_language(raw: str, ctx: "ImportContext", line) -> str:
    """A row's sign language through the registry ('ASL' -> ase); unknown names (klingon) fail the row."""
    from signbridge.knowledge.languages import resolve

    raw = (raw or "").strip()
    if raw:
        try:
            code = resolve(raw).code
        except SignbridgeError:
            raise ItemError(f"line {line}: unknown language '{raw[:40]}' (see signbridge languages)") from None
        if ctx.language and code != ctx.language:
            raise ItemError(f"line {line}: language '{code}' is not the requested --lang {ctx.language}")
        return code
    if ctx.language:
        return ctx.language
    raise ItemError(f"line {line}: no language (fill the column or give --lang)")


def slug(text: str) -> str:
    """The import's name in its source name ("import:<slug>"), which is part of every entry id and of the
    job that resumes it. Not `knowledge.text.slug` (that keeps non-ASCII letters and underscores): a
    different form would give the entries of an existing import new ids, and a rerun would duplicate them
    instead of resuming."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "import"


def run(importer: Importer, path: str | Path, settings: Settings, language: str | None = None,
        name: str | None = None, license: str | None = None, progress: bool = True, *, kb,
        flush_every: int = 25, stop_after: int | None = None) -> ImportReport:
    """Import everything under ``path`` with ``importer``; rerunning continues where it stopped.

    ``kb``: the knowledge base, or the caller's `KnowledgeHandle` (opened once the input checks passed).

    ``stop_after`` processes at most that many new items (used to simulate interruptions in tests).
    """
    from signbridge.knowledge.store import KnowledgeHandle

    root = Path(path).expanduser()
    if not root.exists():
        raise InputError(f"import path '{path}' does not exist")
    root = root.resolve()
    folder = root if root.is_dir() else root.parent
    source = Source(name=f"import:{slug(name or (root.name if root.is_dir() else root.stem))}",
                    version="imported", license=license or "unknown (not given at import; see the dataset's terms)",
                    url=str(root))
    ctx = ImportContext(settings=settings, root=folder, source=source, language=language, path=root)
    kb = KnowledgeHandle.wrap(kb).get()
    items = importer.plan(ctx)
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise InputError(f"{importer.kind}: duplicate item keys in '{path}' (two rows name the same item)")
    job = f"{importer.kind}:{source.name}"
    with _job_lock(settings, job, progress):
        return _run_items(importer, items, keys, ctx, kb, job, root, flush_every, stop_after)


@contextmanager
def _job_lock(settings: Settings, job: str, progress: bool):
    """One process at a time per import job: a second identical import waits, then finds the items done
    (two running at once would both do every item and both report it as newly imported)."""
    import fcntl
    import sys

    settings.index_dir.mkdir(parents=True, exist_ok=True)
    path = settings.index_dir / f".import-{hashlib.sha1(job.encode()).hexdigest()[:16]}.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if progress:
                sys.stderr.write(f"another import of {job.split(':', 1)[1]} is running: waiting for it to finish\n")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_items(importer, items, keys, ctx, kb, job, root, flush_every, stop_after) -> ImportReport:
    source = ctx.source
    manifest = kb.manifest(job)
    manifest.plan(keys)
    report = ImportReport(kind=importer.kind, source=source.name, root=str(root), total=len(items))
    todo = [item for item in items if manifest.status(item.key) != "done"]
    report.already_done = len(items) - len(todo)
    processed = 0
    with kb._progress() as bar:
        task = bar.add_task(f"importing {importer.kind}", total=len(items), completed=report.already_done)
        for item in todo:
            if stop_after is not None and processed >= stop_after:
                break
            try:
                entries = importer.process(item, ctx)
                if not entries:
                    raise ItemError("nothing to import in this item")
            except (ItemError, SignbridgeError) as error:
                kb.fail_item(manifest, item.key, str(error))
            except Exception as error:  # a bug or an unexpected file: keep going, say why
                kb.fail_item(manifest, item.key, f"{type(error).__name__}: {str(error)[:200]}")
            else:
                kb.commit_item(manifest, item.key, entries)
                report.newly_done += 1
                report.entries_added += len(entries)
            processed += 1
            bar.advance(task)
            if processed % flush_every == 0:
                kb.flush(progress=False)  # one progress bar at a time
    kb.flush()
    for record in manifest.records():
        if record.status == "done":
            report.done += 1
        elif record.status == "failed" and record.item in set(keys):
            report.failed.append({"item": record.item, "reason": record.reason})
    return report


def copy_into_poses(path: Path, settings: Settings) -> Path:
    """Content-addressed copy of an existing .pose file."""
    return store_pose_bytes(path.read_bytes(), settings)

