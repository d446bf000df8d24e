"""One-click unsubscribe: a signed link in every e-mail that turns off exactly what
that e-mail was about (one kind's e-mail, or the digest), with no log-in.

The signature is the authentication (its own salt, so no other signed value in
Rapport can pass for it), and the link never expires: an unsubscribe link in a
months-old e-mail must still work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from rapport.accounts.models import User
from rapport.core.errors import ValidationFailed
from rapport.notifications import kinds
from rapport.notifications.kinds import Email
from rapport.notifications.models import Digest
from rapport.notifications.selectors import preferences_of
from rapport.notifications.services import channels_for, digest_off, kind_choice_set

_SALT = "rapport.notifications.unsubscribe"
DIGEST = "digest"


def unsubscribe_token(*, member_id: int, what: str) -> str:
    """`what` is a kind's code, or "digest"."""
    return signing.Signer(salt=_SALT).sign_object([member_id, what])


@dataclass(frozen=True)
class Unsubscribe:
    """What a link turns off, for whom, and what is true about it now."""

    member: User
    what: str  # a kind's code, or "digest"
    label: str
    # An account and safety notice: its e-mail moves to the digest, never off.
    required: bool
    # Nothing left to turn off (already off; a required kind already in the digest).
    already: bool
    # The member's digest is off (so a notice moved to the digest is not e-mailed).
    digest_is_off: bool


def unsubscribe_read(*, token: str) -> Unsubscribe:
    """What the link would turn off. A tampered token, or one about a member or a kind
    that no longer exists, is refused with `notification.bad_unsubscribe`."""
    bad = ValidationFailed(
        "This unsubscribe link is not valid. Open your notification settings to choose "
        "which e-mails you get.",
        code="notification.bad_unsubscribe",
    )
    try:
        member_id, what = signing.Signer(salt=_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise bad from exc
    if not isinstance(member_id, int) or not isinstance(what, str):
        raise bad
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        raise bad
    prefs = preferences_of(member)
    digest_is_off = prefs.digest == Digest.OFF
    if what == DIGEST:
        return Unsubscribe(
            member=member,
            what=what,
            label=f"your {prefs.get_digest_display().lower()} digest"
            if not digest_is_off
            else "your digest",
            required=False,
            already=digest_is_off,
            digest_is_off=digest_is_off,
        )
    kind = kinds.get(what)
    if kind is None:
        raise bad
    _site, email = channels_for(member.pk, kind)
    return Unsubscribe(
        member=member,
        what=what,
        label=kind.label,
        required=kind.required,
        already=email == (Email.DIGEST if kind.required else Email.OFF),
        digest_is_off=digest_is_off,
    )


def unsubscribe_apply(*, token: str) -> Unsubscribe:
    """Turn off what the link is about, keeping every other choice: the kind's site
    choice stays, other kinds are untouched. An account and safety notice cannot be
    switched off, so its e-mail moves to the digest instead. Applying twice is harmless."""
    found = unsubscribe_read(token=token)
    if found.what == DIGEST:
        digest_off(member=found.member)
        return found
    kind = kinds.get(found.what)
    assert kind is not None  # unsubscribe_read refused unknown kinds
    site, _email = channels_for(found.member.pk, kind)
    kind_choice_set(
        member=found.member,
        kind=kind.code,
        site=site,
        email=Email.DIGEST if kind.required else Email.OFF,
    )
    return found
