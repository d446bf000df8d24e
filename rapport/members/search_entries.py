"""Search entries: what search finds a member by, kept as one folded text per member.

A free-text search used to test every term against the name, handle, headline,
location, current titles and employers, and skills — six tables, one scan each, and a
query the database spent longer planning than running. Now each member has one row
(`SearchEntry`) holding those fields folded (`core.text.fold`: case, accents and
quotes), and a term is one `LIKE` on it, which PostgreSQL answers from a trigram index
(members/migrations/0003). Decision 0030.

The entry is derived, so it is rewritten from its sources whenever one changes: the
receivers below hear every save and delete of a member, profile, position, company and
skill, and the profile's skills changing; bulk loads (the demo, `rapport graph load`)
rebuild the entries of what they wrote. Receivers rather than calls in each service,
because those rows are also written by the admin, erasure and cascades, and a member
missing from search is a silent failure.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from rapport.accounts.models import User
from rapport.accounts.signals import members_created_in_bulk
from rapport.companies.models import Company, Position
from rapport.core.text import fold
from rapport.members.models import Profile, SearchEntry, Skill

# Fields are joined by a line break: search terms are split on whitespace, so none
# holds one, and no term can match the end of one field and the start of the next.
SEPARATOR = "\n"
# Members per round of reads when many are rebuilt at once.
BATCH = 1_000


def compose(
    *, name: str, handle: str, headline: str, location: str, roles: list[str], skills: list[str]
) -> tuple[str, str]:
    """The entry's text and roles from its sources, folded and in a fixed order."""
    role_text = SEPARATOR.join(fold(role) for role in roles if role)
    parts = [name, handle, headline, location]
    text = SEPARATOR.join(fold(part) for part in parts if part)
    extra = [role_text] + [fold(skill) for skill in skills if skill]
    return SEPARATOR.join([text, *[part for part in extra if part]]), role_text


def entries_refresh(member_ids: Iterable[int]) -> None:
    """Rewrite these members' entries from their current rows: a lock, three reads and
    one upsert per thousand members. A member who no longer exists is skipped (their entry went with
    them)."""
    ids = sorted(set(member_ids))
    for start in range(0, len(ids), BATCH):
        _write(ids[start : start + BATCH])


def entries_rebuild() -> int:
    """Every member's entry, rewritten: after a bulk load, or to repair by hand."""
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    entries_refresh(ids)
    return len(ids)


def entries_of(
    ids: list[int], *, members: Any = User, positions: Any = Position, skill_links: Any = None
) -> list[tuple[int, str, str]]:
    """(member id, text, roles) for these members (not erased ones), in three queries.
    The models are parameters so that the migration filling the entries can pass its own."""
    skill_links = skill_links or Profile.skills.through
    roles: dict[int, list[str]] = {}
    for member_id, title, company in positions.objects.filter(
        member_id__in=ids, is_current=True
    ).values_list("member_id", "title", "company__name"):
        roles.setdefault(member_id, []).extend([title, company])
    skills: dict[int, list[str]] = {}
    for profile_id, name in skill_links.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "skill__name"
    ):
        skills.setdefault(profile_id, []).append(name)
    # An erased member's tombstone is found by nothing, and keeps no entry.
    rows = members.objects.filter(pk__in=ids, erased_at=None).values_list(
        "pk", "display_name", "handle", "profile__headline", "profile__location"
    )
    entries = []
    for pk, name, handle, headline, location in rows:
        text, role_text = compose(
            name=name,
            handle=handle,
            headline=headline or "",
            location=location or "",
            roles=roles.get(pk, []),
            skills=sorted(skills.get(pk, [])),
        )
        entries.append((pk, text, role_text))
    return entries


def _write(ids: list[int]) -> None:
    with transaction.atomic(savepoint=False):
        # Two writers changing one member (a take-down and a new job, say) each rewrite
        # the entry from what they read. Locking the member's row first orders them: the
        # later one reads after the earlier committed, so the last entry written is
        # whole. "No key" so that rows referring to the member (a new position) do not
        # wait on it. SQLite has one writer at a time anyway.
        list(
            User.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        entries = [SearchEntry(member_id=pk, text=t, roles=r) for pk, t, r in entries_of(ids)]
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["member"],
            update_fields=["text", "roles"],
        )
        if len(entries) < len(ids):  # erased, or gone since
            kept = [entry.member_id for entry in entries]
            SearchEntry.objects.filter(member_id__in=ids).exclude(member_id__in=kept).delete()


def _touches(update_fields: Iterable[str] | None, fields: set[str]) -> bool:
    """Whether a save may have changed one of these fields (a save without a field list may)."""
    return update_fields is None or bool(fields & set(update_fields))


def _member_goes(origin: Any) -> bool:
    """Whether a delete is the cascade of a member's own deletion: their entry goes with
    them, and writing it again would point at a row about to disappear."""
    if isinstance(origin, User):
        return True
    return isinstance(origin, QuerySet) and origin.model is User


def _member_saved(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if _touches(update_fields, {"display_name", "handle", "erased_at"}):
        entries_refresh([instance.pk])


def _profile_saved(
    sender: Any, instance: Profile, update_fields: Any = None, **kwargs: Any
) -> None:
    if _touches(update_fields, {"headline", "location"}):
        entries_refresh([instance.member_id])


def _row_deleted(
    sender: Any, instance: Profile | Position, origin: Any = None, **kwargs: Any
) -> None:
    if not _member_goes(origin):
        entries_refresh([instance.member_id])


def _position_saving(sender: Any, instance: Position, **kwargs: Any) -> None:
    """Note whose position it was: moved to another member (the admin can), it leaves
    the first one's entry too."""
    if instance.pk is not None:
        instance._search_owner = (  # type: ignore[attr-defined]
            Position.objects.filter(pk=instance.pk).values_list("member_id", flat=True).first()
        )


def _position_saved(sender: Any, instance: Position, **kwargs: Any) -> None:
    owner = getattr(instance, "_search_owner", None)
    entries_refresh([instance.member_id] + ([owner] if owner is not None else []))


def _company_saved(
    sender: Any, instance: Company, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if not created and _touches(update_fields, {"name"}):
        entries_refresh(
            Position.objects.filter(company=instance, is_current=True).values_list(
                "member_id", flat=True
            )
        )


def _skill_saved(
    sender: Any, instance: Skill, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if not created and _touches(update_fields, {"name"}):
        entries_refresh(
            Profile.skills.through.objects.filter(skill=instance).values_list(
                "profile_id", flat=True
            )
        )


def _holders(skill: Skill) -> list[int]:
    """The members holding a skill (a profile's key is its member's)."""
    links = Profile.skills.through.objects.filter(skill_id=skill.pk)
    return list(links.values_list("profile_id", flat=True))


def _skill_deleting(sender: Any, instance: Skill, **kwargs: Any) -> None:
    instance._search_holders = _holders(instance)  # type: ignore[attr-defined]


def _skill_deleted(sender: Any, instance: Skill, **kwargs: Any) -> None:
    entries_refresh(getattr(instance, "_search_holders", []))


def _skills_changed(
    sender: Any, instance: Profile | Skill, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            entries_refresh([instance.pk])  # a profile's key is its member's
    elif action == "pre_clear":
        instance._search_holders = _holders(instance)  # type: ignore[arg-type, union-attr]
    elif action == "post_clear":
        entries_refresh(getattr(instance, "_search_holders", []))
    elif action in {"post_add", "post_remove"} and pk_set:
        entries_refresh(pk_set)  # a skill's profiles: their keys are the members'


def _loaded(sender: Any, ids: list[int], **kwargs: Any) -> None:
    entries_refresh(ids)


post_save.connect(_member_saved, sender=User, dispatch_uid="search_entry_member")
post_save.connect(_profile_saved, sender=Profile, dispatch_uid="search_entry_profile")
post_delete.connect(_row_deleted, sender=Profile, dispatch_uid="search_entry_profile_gone")
pre_save.connect(_position_saving, sender=Position, dispatch_uid="search_entry_position_owner")
post_save.connect(_position_saved, sender=Position, dispatch_uid="search_entry_position")
post_delete.connect(_row_deleted, sender=Position, dispatch_uid="search_entry_position_gone")
post_save.connect(_company_saved, sender=Company, dispatch_uid="search_entry_company")
post_save.connect(_skill_saved, sender=Skill, dispatch_uid="search_entry_skill")
pre_delete.connect(_skill_deleting, sender=Skill, dispatch_uid="search_entry_skill_going")
post_delete.connect(_skill_deleted, sender=Skill, dispatch_uid="search_entry_skill_gone")
m2m_changed.connect(
    _skills_changed, sender=Profile.skills.through, dispatch_uid="search_entry_skills"
)
members_created_in_bulk.connect(_loaded, dispatch_uid="search_entry_bulk")
