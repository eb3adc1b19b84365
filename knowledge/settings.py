"""Run-time settings: one object, created at the edge (the CLI), passed down.

Every field falls back to an environment variable, then to a default.
Nothing deeper in the code reads the environment for these values.
"""

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "signbridge"


def _folder(raw: str, env_name: str) -> Path:
    """A folder path from an environment variable; an existing file there is a clear InputError."""
    from signbridge.knowledge.errors import InputError

    path = Path(raw).expanduser()
    if path.exists() and not path.is_dir():
        raise InputError(f"{env_name}='{raw}' is a file, not a folder: point it at a folder")
    return path


def _share(raw: str, env_name: str) -> float:
    """A share between 0 and 1 from an environment variable, or a clear InputError."""
    from signbridge.knowledge.errors import InputError

    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:
        raise InputError(f"{env_name}={raw!r} is not a share between 0 and 1, e.g. {env_name}=0.5")
    return value


def _seconds(raw: str, env_name: str) -> float:
    """A positive number of seconds from an environment variable, or a clear InputError."""
    from signbridge.knowledge.errors import InputError

    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise InputError(f"{env_name}={raw!r} is not a positive number of seconds, e.g. {env_name}=60")
    return value


def _count(raw: str, env_name: str, limit: int = 100_000) -> int:
    """A positive whole number (at most `limit`) from an environment variable, or a clear InputError."""
    from signbridge.knowledge.errors import InputError

    if not raw.strip().isdigit() or not 0 < int(raw) <= limit:
        raise InputError(f"{env_name}={raw!r} is not a whole number between 1 and {limit}")
    return int(raw)


@dataclass(frozen=True)
class Settings:
    # where signbridge keeps its index, caches and imported poses
    home: Path = field(default_factory=_default_home, metadata={"help": "data directory", "env": "SIGNBRIDGE_HOME"})
    # where commands write artifacts unless told otherwise
    out_dir: Path = field(default=Path("signbridge-out"), metadata={"help": "output directory", "env": "SIGNBRIDGE_OUT"})
    # OpenAI-compatible endpoint (vLLM, Ollama, a hosted API); None means offline
    llm_base_url: str | None = field(default=None, metadata={"help": "LLM base URL, e.g. http://localhost:8000/v1", "env": "SIGNBRIDGE_LLM_BASE_URL"})
    llm_model: str = field(default="Qwen/Qwen2.5-7B-Instruct", metadata={"help": "model name served by the endpoint", "env": "SIGNBRIDGE_LLM_MODEL"})
    llm_api_key: str = field(default="EMPTY", metadata={"help": "API key for the endpoint (vLLM accepts any)", "env": "SIGNBRIDGE_LLM_API_KEY"})
    llm_timeout: float = field(default=60.0, metadata={"help": "seconds per LLM request", "env": "SIGNBRIDGE_LLM_TIMEOUT"})
    # bounds on one agent request with a model (a rambling or looping model cannot run away)
    llm_max_tokens: int = field(default=256, metadata={"help": "completion tokens per model turn", "env": "SIGNBRIDGE_LLM_MAX_TOKENS"})
    llm_request_seconds: float = field(default=120.0, metadata={"help": "wall time of one agent request with a model", "env": "SIGNBRIDGE_LLM_REQUEST_SECONDS"})
    llm_calls_per_turn: int = field(default=4, metadata={"help": "tool calls run per model turn (the rest are refused)", "env": "SIGNBRIDGE_LLM_CALLS_PER_TURN"})
    llm_max_calls: int = field(default=8, metadata={"help": "tool calls run per request", "env": "SIGNBRIDGE_LLM_MAX_CALLS"})
    # retrieval embeddings: "lexical" (offline default), "st:/path/to/model", "openai:model-name"
    embedding_backend: str = field(default="lexical", metadata={"help": "embedding backend", "env": "SIGNBRIDGE_EMBEDDING"})
    embedding_base_url: str | None = field(default=None, metadata={"help": "base URL for openai: embeddings (defaults to the LLM's)", "env": "SIGNBRIDGE_EMBEDDING_BASE_URL"})
    # extra folders tools may read from (besides the working directory and the data dir)
    read_roots: tuple[Path, ...] = field(default=(), metadata={"help": "extra folders that paths chosen by a model may read, os.pathsep-separated", "env": "SIGNBRIDGE_READ_ROOTS"})
    # long jobs on a non-terminal stderr print one status line this often (a terminal gets a progress bar)
    progress_every: float = field(default=10.0, metadata={"help": "seconds between status lines of long jobs in logs", "env": "SIGNBRIDGE_PROGRESS_EVERY"})
    # video imports: a clip becomes a dictionary sign only if pose estimation saw enough of the signer
    video_min_person: float = field(default=0.5, metadata={"help": "share of a video's frames that must show a person", "env": "SIGNBRIDGE_VIDEO_MIN_PERSON"})
    video_min_hands: float = field(default=0.3, metadata={"help": "share of a video's frames that must show at least one hand", "env": "SIGNBRIDGE_VIDEO_MIN_HANDS"})
    # who chose the paths this run handles: the user (command line, their own code: True), or a model /
    # request text (False: the agent's tools always use `untrusted()`)
    trusted_paths: bool = field(default=True, metadata={"help": "paths are the user's own; False confines them (Settings.untrusted())", "env": None})
    cwd: Path | None = field(default=None, metadata={"help": "where relative paths resolve (None: the process's working directory)", "env": None})

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            if f.metadata["env"] is None:
                continue
            raw = env.get(f.metadata["env"])
            if raw in (None, ""):
                continue
            if f.name in ("home", "out_dir"):
                values[f.name] = _folder(raw, f.metadata["env"])
            elif f.name == "read_roots":
                values[f.name] = tuple(Path(p).expanduser() for p in raw.split(os.pathsep) if p)
            elif f.name in ("video_min_person", "video_min_hands"):
                values[f.name] = _share(raw, f.metadata["env"])
            elif f.name in ("llm_timeout", "progress_every", "llm_request_seconds"):
                values[f.name] = _seconds(raw, f.metadata["env"])
            elif f.name in ("llm_max_tokens", "llm_calls_per_turn", "llm_max_calls"):
                values[f.name] = _count(raw, f.metadata["env"])
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def paths(self):
        """The path policy of this run (knowledge/paths.py): trusted paths go anywhere, others are confined."""
        from signbridge.knowledge.paths import PathPolicy

        cwd = Path(self.cwd or Path.cwd()).resolve()
        out = Path(self.out_dir).expanduser()
        out = (out if out.is_absolute() else cwd / out).resolve()
        roots = (cwd, out, Path(self.home).expanduser().resolve(),
                 *(Path(r).expanduser().resolve() for r in self.read_roots))
        return PathPolicy(trusted=self.trusted_paths, out_dir=out, read_roots=tuple(dict.fromkeys(roots)), cwd=cwd)

    def untrusted(self, cwd: Path | None = None) -> "Settings":
        """The same settings for paths chosen by a model or found in request text (confined)."""
        return replace(self, trusted_paths=False, cwd=cwd or self.cwd)

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def poses_dir(self) -> Path:
        return self.home / "poses"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url)
