"""Case kinds by name: each runs a case through the code path a user's command uses.

Built-in kinds live in sibling modules (lookup, produce, describe, agent, backtranslate); each imports
its capability inside `run`, so loading them is light. `register_kind` adds others (tests, plug-ins).
"""

from __future__ import annotations

from signbridge.evals.kinds.agent import AgentKind
from signbridge.evals.kinds.backtranslate import BacktranslateKind
from signbridge.evals.kinds.base import Kind
from signbridge.evals.kinds.describe import DescribeKind
from signbridge.evals.kinds.lookup import LookupKind
from signbridge.evals.kinds.produce import ProduceKind
from signbridge.knowledge.errors import InputError

BUILTIN: dict[str, type[Kind]] = {kind.name: kind for kind in (LookupKind, ProduceKind, DescribeKind, AgentKind,
                                                               BacktranslateKind)}
_registry: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Make `kind` available to suites under `kind.name` (replaces an existing one)."""
    _registry[kind.name] = kind
    return kind


def unregister_kind(name: str) -> None:
    _registry.pop(name, None)


def kind_names() -> list[str]:
    return sorted(set(BUILTIN) | set(_registry))


def get_kind(name: str) -> Kind:
    if name in _registry:
        return _registry[name]
    if name not in BUILTIN:
        raise InputError(f"unknown case kind '{name}' (known: {', '.join(kind_names())})")
    kind = BUILTIN[name]()
    _registry[name] = kind
    return kind
