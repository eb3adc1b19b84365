"""Case kinds by name: each runs a case through the code path a user's command uses.

Built-in kinds live in sibling modules (lookup, produce, describe, agent, backtranslate) and are
imported on first use; `register_kind` adds others (tests, plug-ins).
"""

from __future__ import annotations

import importlib

from signbridge.evals.kinds.base import Kind
from signbridge.knowledge.errors import InputError

BUILTIN = {
    "lookup": "signbridge.evals.kinds.lookup:LookupKind",
    "produce": "signbridge.evals.kinds.produce:ProduceKind",
    "describe": "signbridge.evals.kinds.describe:DescribeKind",
    "agent": "signbridge.evals.kinds.agent:AgentKind",
    "backtranslate": "signbridge.evals.kinds.backtranslate:BacktranslateKind",
}
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
    module, cls = BUILTIN[name].split(":")
    kind = getattr(importlib.import_module(module), cls)()
    _registry[name] = kind
    return kind
