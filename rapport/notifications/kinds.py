"""The kinds of notification, declared once.

Each capability registers the kinds it emits when its app loads; the service
refuses a kind nobody declared, so a typo cannot create an orphan type that no
preference or template knows about. A kind says which category members find it
under in their settings, how it is delivered unless they choose otherwise, and
whether repeated activity about the same thing folds into one row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Category(models.TextChoices):
    """How the settings page groups the kinds, in the members' own words."""

    INVITATIONS = "invitations", "Invitations and connections"
    MESSAGES = "messages", "Messages"
    INTRODUCTIONS = "introductions", "Introductions"
    POSTS = "posts", "Your posts"
    MENTIONS = "mentions", "Mentions"
    COMPANIES = "companies", "Companies you follow"
    GROUPS = "groups", "Groups"
    JOB_CHANGES = "job_changes", "Job changes"
    ACCOUNT = "account", "Account and safety"


class Email(models.TextChoices):
    """How a kind reaches a member's inbox, if at all."""

    INSTANT = "instant", "By e-mail at once"
    DIGEST = "digest", "In the digest"
    OFF = "off", "No e-mail"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    # How a notification of this kind reads: "{actor} connected with you". For a
    # grouped row {actor} becomes "Ada Mensah, Ben Okafor and 12 others".
    template: str
    category: str
    # Defaults for members who never chose: shown on the site, and this e-mail.
    email: str = Email.DIGEST
    site: bool = True
    # Activity about the same thing (same kind and target) within the window joins
    # one row instead of adding another.
    grouped: bool = False
    # Group per target ("… reacted to your post": one row a post), or all of the kind
    # together ("… accepted your invitations": one row, whichever invitation).
    group_by_target: bool = True

    @property
    def required(self) -> bool:
        """Account and safety notices cannot be switched off (e-mail may move to the
        digest, never off)."""
        return self.category == Category.ACCOUNT


_KINDS: dict[str, Kind] = {}


def register(
    code: str,
    *,
    label: str,
    template: str,
    category: str,
    email: str = Email.DIGEST,
    site: bool = True,
    grouped: bool = False,
    group_by_target: bool = True,
) -> Kind:
    if category not in Category.values:
        raise ValueError(f"notification kind {code!r}: unknown category {category!r}")
    if email not in Email.values:
        raise ValueError(f"notification kind {code!r}: unknown e-mail default {email!r}")
    kind = Kind(
        code=code,
        label=label,
        template=template,
        category=category,
        email=email,
        site=site,
        grouped=grouped,
        group_by_target=group_by_target,
    )
    if kind.required and (not site or email == Email.OFF):
        raise ValueError(f"notification kind {code!r}: account notices cannot default to off")
    existing = _KINDS.get(code)
    if existing is not None and existing != kind:
        raise ValueError(f"notification kind {code!r} is declared twice, differently")
    _KINDS[code] = kind
    return kind


def get(code: str) -> Kind | None:
    return _KINDS.get(code)


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)


def by_category() -> list[tuple[str, str, list[Kind]]]:
    """(category, its label, its kinds) in the settings page's order, empty ones left out."""
    return [
        (value, label, [k for k in all_kinds() if k.category == value])
        for value, label in Category.choices
        if any(k.category == value for k in _KINDS.values())
    ]


WELCOME = register(
    "system.welcome",
    label="Welcome",
    template="Welcome to Rapport, {recipient}.",
    category=Category.ACCOUNT,
)
