"""Confine file access to allowed roots: tool arguments come from an LLM and are untrusted."""

from pathlib import Path

from signbridge.knowledge.errors import PathNotAllowedError


def is_within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def confine(path: str | Path, roots: list[Path] | tuple[Path, ...], what: str = "path") -> Path:
    """Resolve `path` (relative paths against the first root) and check it lies under a root.

    Symlinks are resolved first, so a link pointing outside is refused too.
    """
    if not roots:
        raise PathNotAllowedError(f"{what} '{path}' refused: no allowed roots configured")
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        candidate = Path(roots[0]) / candidate
    resolved = candidate.resolve()
    if any(is_within(resolved, Path(root)) for root in roots):
        return resolved
    allowed = ", ".join(str(Path(r)) for r in roots)
    raise PathNotAllowedError(f"{what} '{path}' is outside the allowed folders ({allowed})")


def inside_out_dir(path: str | Path, out_dir: Path) -> tuple[Path, bool]:
    """Rewrite a requested output path so it lands inside `out_dir`.

    Returns (safe_path, rewritten). Absolute paths and `..` escapes keep only their file name.
    """
    out_dir = Path(out_dir)
    requested = Path(path)
    if not requested.is_absolute():
        candidate = (out_dir / requested).resolve()
        if is_within(candidate, out_dir):
            return candidate, False
    return (out_dir / requested.name).resolve(), True
