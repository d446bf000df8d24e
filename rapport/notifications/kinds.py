"""The kinds of notification, declared once.

Each capability registers the kinds it emits when its app loads; the service
refuses a kind nobody declared, so a typo cannot create an orphan type that no
preference or template knows about. Preferences, consolidation and digests
(a later capability) key on these codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    # How a notification of this kind reads: "{actor} connected with you".
    template: str


_KINDS: dict[str, Kind] = {}


def register(code: str, *, label: str, template: str) -> Kind:
    kind = Kind(code=code, label=label, template=template)
    existing = _KINDS.get(code)
    if existing is not None and existing != kind:
        raise ValueError(f"notification kind {code!r} is declared twice, differently")
    _KINDS[code] = kind
    return kind


def get(code: str) -> Kind | None:
    return _KINDS.get(code)


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)


register("system.welcome", label="Welcome", template="Welcome to Rapport, {recipient}.")
