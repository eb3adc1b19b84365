"""One path policy: who chose a path decides where it may point.

- Trusted: a path the user typed (a command-line argument or flag, a file named in the user's own
  suite or config). It is the user's authority: `~` expands, relative paths resolve against the
  working directory, and it may point anywhere the operating system allows.
- Untrusted: a path chosen by a model (agent tool arguments) or found inside a request's text
  ("save it to ../x"). Writes are confined to the output folder, reads to the read roots (the
  working directory, the output folder, the data directory and `SIGNBRIDGE_READ_ROOTS`).

`Settings.paths` is the policy of a run: settings are trusted (the user's command line or code) unless
made with `settings.untrusted()`, which the agent's tool context always does. `confine` is the primitive underneath (also used by importers to keep the
paths listed inside an imported CSV within the imported folder).

>>> from pathlib import Path
>>> policy = PathPolicy(trusted=False, out_dir=Path("/srv/out"), read_roots=(Path("/srv/out"),), cwd=Path("/srv"))
>>> policy.write("x.pose")
PosixPath('/srv/out/x.pose')
>>> policy.write("../x.pose")
Traceback (most recent call last):
...
signbridge.knowledge.errors.PathNotAllowedError: output path '../x.pose' is outside the output folder (/srv/out)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from signbridge.knowledge.errors import PathNotAllowedError


def is_within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def confine(path: str | Path, roots: list[Path] | tuple[Path, ...], what: str = "path",
            where: str = "the allowed folders") -> Path:
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
    raise PathNotAllowedError(f"{what} '{path}' is outside {where} ({allowed})")


@dataclass(frozen=True)
class PathPolicy:
    """Where reads and writes may go for one run (see the module docstring)."""

    trusted: bool  # paths come from the user (True) or from a model / request text (False)
    out_dir: Path  # resolved output folder
    read_roots: tuple[Path, ...]  # resolved folders untrusted reads may use (first: the working directory)
    cwd: Path

    def _user(self, path: str | Path, base: Path | None) -> Path:
        candidate = Path(path).expanduser()
        if not candidate.is_absolute():
            candidate = Path(base or self.cwd) / candidate
        return candidate.resolve()

    def read(self, path: str | Path, what: str = "input file") -> Path:
        """A file or folder to read: anywhere when trusted, else inside the read roots."""
        if self.trusted:
            return self._user(path, None)
        return confine(path, self.read_roots, what=what)

    def write(self, path: str | Path, what: str = "output path", base: Path | None = None) -> Path:
        """A file or folder to write. Relative paths resolve against `base` (default: the working
        directory when trusted, the output folder when not)."""
        if self.trusted:
            return self._user(path, base)
        roots = [self.out_dir]
        if base is not None and is_within(Path(base), self.out_dir) and Path(base).resolve() != self.out_dir:
            roots.insert(0, Path(base).resolve())
        return confine(path, roots, what=what, where="the output folder")

    def inside_out_dir(self, path: str | Path) -> tuple[Path, bool]:
        """Rewrite an untrusted output path so it lands inside the output folder: (path, rewritten).

        Absolute paths and `..` escapes keep only their file name (the caller says so to the user).
        """
        requested = Path(path)
        if not requested.is_absolute():
            candidate = (self.out_dir / requested).resolve()
            if is_within(candidate, self.out_dir):
                return candidate, False
        return (self.out_dir / requested.name).resolve(), True
