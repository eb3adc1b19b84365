"""Batch production: one text per line -> numbered outputs and a resumable JSONL manifest.

`<out>/0001.<code>.pose` (+ `0001.gif`, ... for each requested render suffix) and
`<out>/manifest.jsonl` with one line per input line: the `produce --json` object plus `line`,
`ok` and `outcome` (produced: a pose; signwriting: drawings only; empty: nothing to show), or `{"line", "text", "ok": false, "error"}`. Lines already in the manifest with
`ok: true` are skipped on a rerun, so an interrupted batch resumes where it stopped. Empty
lines and lines starting with `#` are ignored. One process: the knowledge base, lemmatiser
and letter clips are loaded once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from signbridge.knowledge.errors import InputError, SignbridgeError
from signbridge.knowledge.languages import Language
from signbridge.knowledge.settings import Settings
from signbridge.tools.coverage_text import item_outcome
from signbridge.tools.production import fingerspell, output_path, produce
from signbridge.tools.render import SUFFIXES

MAX_LINES = 100_000
MIN_FREE_BYTES = 64 * 1024 * 1024  # never fill the disk: stop while this much is still free


def _size(paths) -> int:
    return sum(Path(p).stat().st_size for p in paths if p and Path(p).exists())  # no pose for an empty item


def _check_space(folder: Path, per_line: int, remaining: int, done: int) -> None:
    """Stop before the disk fills: the largest line so far times the lines left must fit (plus a reserve)."""
    import shutil

    free = shutil.disk_usage(folder).free
    needed = MIN_FREE_BYTES + per_line * remaining
    if free < MIN_FREE_BYTES + 2 * per_line or (per_line and free < needed):
        def mb(n):
            return f"{n / 1e6:,.0f} MB"
        raise InputError(f"not enough free disk in '{folder}': the {remaining} lines left need about "
                         f"{mb(per_line * remaining)} ({mb(per_line)} per line so far) and {mb(free)} are free; "
                         f"free some space, choose another --out or fewer --render formats ({done} lines written; "
                         "rerun to resume)")


def _read_lines(path: Path, settings: Settings) -> list[tuple[int, str]]:
    source = settings.paths.read(path, what="batch file")
    if source.is_dir():
        raise InputError(f"batch file '{path}' is a folder: give a text file with one text per line")
    if not source.is_file():
        raise InputError(f"batch file '{path}' does not exist")
    try:
        lines = source.read_text(encoding="utf-8-sig").splitlines()  # a BOM is not part of the first text
    except UnicodeDecodeError as error:
        raise InputError(f"batch file '{path}' is not UTF-8 text") from error
    if len(lines) > MAX_LINES:
        raise InputError(f"batch file has {len(lines)} lines; at most {MAX_LINES}")
    items = [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not items:
        raise InputError(f"batch file '{path}' has no texts: write one text per line ('#' starts a comment)")
    return items


def _done(manifest: Path) -> set[int]:
    done = set()
    if manifest.exists():
        for raw in manifest.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(raw)
            except json.JSONDecodeError:  # a line cut by an interruption: redo it
                continue
            if isinstance(row, dict) and row.get("ok") and isinstance(row.get("line"), int):
                done.add(row["line"])
    return done


def run_batch(path: Path, language: Language, settings: Settings, out: Path | None, renders: list[Path],
              glosser: str = "simple", generator: Path | None = None, fingerspell_only: bool = False,
              quiet: bool = False, config=None, *, kb) -> dict:
    """Produce every line of `path`; returns {"manifest", "out", "done", "failed", "skipped", "lines"}.

    `config`: a ProductionConfig (speed, render size) for every line. `kb`: the knowledge base or the
    caller's `KnowledgeHandle` (opened only when a line needs the dictionary, not for fingerspelling or a
    finished batch)."""
    suffixes = []
    for render in renders:
        name = Path(render).name.lower()  # "x.gif", ".gif" or "gif" all mean GIF
        suffix = Path(name).suffix or (name if name.startswith(".") else f".{name}")
        if suffix not in SUFFIXES:
            raise InputError(f"unknown render format '{suffix}': use {', '.join(SUFFIXES)}")
        suffixes.append(suffix)
    items = _read_lines(path, settings)
    folder = output_path(out or Path(settings.out_dir) / f"{Path(path).stem}-{language.code}", settings, Path.cwd(),
                         folder=True)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out '{out}' is a file: with --batch, --out names the output folder")
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "manifest.jsonl"
    done = _done(manifest)
    todo = [(n, text) for n, text in items if n not in done]
    width = max(4, len(str(max((n for n, _ in items), default=1))))
    from signbridge.knowledge.store import KnowledgeHandle

    kb = KnowledgeHandle.wrap(kb).get() if not fingerspell_only and todo else None
    counts = {"produced": 0, "signwriting": 0, "empty": 0, "failed": 0}

    from signbridge.knowledge.progress import tracker

    with tracker(not quiet) as progress, open(manifest, "a", encoding="utf-8") as log:
        if log.tell() and not manifest.read_bytes().endswith(b"\n"):
            log.write("\n")  # end a row cut by an interruption, so the next row is a line of its own
        task = progress.add_task("produce", total=len(todo))
        per_line = 0  # the most bytes one line has written so far
        for index, (n, text) in enumerate(todo):
            _check_space(folder, per_line, len(todo) - index, index - counts["failed"])
            stem = f"{n:0{width}d}"
            pose_out = folder / f"{stem}.{language.code}.pose"
            render_paths = [folder / f"{stem}{s}" for s in suffixes]
            try:
                if fingerspell_only:
                    result = fingerspell(text, language, settings, out=pose_out, renders=render_paths, config=config)
                else:
                    result = produce(text, language, settings, glosser=glosser, generator=generator, out=pose_out,
                                     renders=render_paths, kb=kb, config=config)
                outcome = item_outcome(result.coverage, result.pose_path is not None and result.frames > 0)
                row = {"line": n, "ok": True, "outcome": outcome, **result.to_json()}
                counts[outcome] += 1
                per_line = max(per_line, _size([result.pose_path, *result.renders]))
            except SignbridgeError as error:  # one bad line does not stop the batch
                row = {"line": n, "ok": False, "text": text, "error": str(error)}
                counts["failed"] += 1
            log.write(json.dumps(row, ensure_ascii=False) + "\n")
            log.flush()
            os.fsync(log.fileno())
            progress.advance(task)
    # "done": items with any output (a pose or SignWriting), kept for scripts that read it
    return {"manifest": str(manifest), "out": str(folder), "lines": len(items), "skipped": len(items) - len(todo),
            "done": counts["produced"] + counts["signwriting"], **counts}
