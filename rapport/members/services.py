"""Writes to profiles, skills, education and privacy, and the sign-up that creates them."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import ConnectionsVisibility, EmailFindable, EmailVisibility, User
from rapport.accounts.roles import is_operator
from rapport.accounts.services import SignUpMail, account_create, audit_record, sign_up_request
from rapport.accounts.tasks import (
    sign_up_attempt_notice_send,
    sign_up_confirmation_send,
    welcome_email_send,
)
from rapport.core.errors import NotFound, PermissionDenied, ValidationFailed
from rapport.core.images import ImageRefused, image_clean, image_metadata
from rapport.core.records import named_record
from rapport.core.text import clean_line, clean_paragraphs
from rapport.members.models import Education, OpenTo, Profile, School, Skill

MAX_SKILLS = 50
PHOTO_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


class ProfileInvalid(ValidationFailed):
    code = "profile.invalid"


def member_sign_up(
    *, email: str, display_name: str, handle: str, password: str | None, send_welcome: bool = True
) -> User:
    """Create an account with an empty profile, and greet the member by email after commit."""
    with transaction.atomic():
        member = account_create(
            email=email, display_name=display_name, handle=handle, password=password
        )
        Profile.objects.create(member=member)
        if send_welcome:
            transaction.on_commit(lambda: welcome_email_send.enqueue(member.pk))
    return member


def member_sign_up_request(
    *, email: str, display_name: str, handle: str, password: str, site: str
) -> None:
    """A sign-up from the web: the account waits for its address to be confirmed.

    Whether or not the address already has an account, the caller shows the same "check
    your e-mail" page; the e-mail is what differs — a confirmation link for a new (or
    still unconfirmed) address, a note with a password-reset link for a taken one.
    `site` is the scheme and host the links in the e-mail point at.
    """
    with transaction.atomic():
        outcome = sign_up_request(
            email=email, display_name=display_name, handle=handle, password=password
        )
        member = outcome.member
        if outcome.mail is SignUpMail.CONFIRM:
            Profile.objects.get_or_create(member=member)
            transaction.on_commit(lambda: sign_up_confirmation_send.enqueue(member.pk, site))
        elif outcome.mail is SignUpMail.NOTICE:
            transaction.on_commit(lambda: sign_up_attempt_notice_send.enqueue(member.pk, site))


def profile_of(member: User) -> Profile:
    profile, _ = Profile.objects.get_or_create(member=member)
    return profile


def _skill_get_or_create(name: str) -> Skill:
    return named_record(
        Skill,
        name=name,
        name_max=60,
        slug_max=60,
        error=ProfileInvalid(
            f"{name!r} is not a skill name.", code="profile.skill_invalid", field="skills"
        ),
    )


def profile_update(
    *,
    member: User,
    display_name: str | None = None,
    headline: str | None = None,
    location: str | None = None,
    about: str | None = None,
    open_to: Iterable[str] | None = None,
    skills: Iterable[str] | None = None,
) -> Profile:
    """Change any of the profile's fields; fields left as None stay as they are."""
    profile = profile_of(member)
    if open_to is not None:
        open_to = list(dict.fromkeys(open_to))
        unknown = [key for key in open_to if key not in OpenTo.values]
        if unknown:
            raise ProfileInvalid(
                f"Unknown 'open to' choice: {', '.join(unknown)}. Choose from "
                f"{', '.join(OpenTo.values)}.",
                code="profile.open_to_invalid",
                field="open_to",
            )
    skill_names: list[str] | None = None
    if skills is not None:
        skill_names = list(dict.fromkeys(clean_line(s) for s in skills if clean_line(s)))
        if len(skill_names) > MAX_SKILLS:
            raise ProfileInvalid(
                f"List at most {MAX_SKILLS} skills.", code="profile.too_many_skills", field="skills"
            )
        too_long = [s for s in skill_names if len(s) > 60]
        if too_long:
            raise ProfileInvalid(
                "A skill is at most 60 characters.", code="profile.skill_invalid", field="skills"
            )
    with transaction.atomic():
        if display_name is not None:
            name = clean_line(display_name)[:100]
            if not name:
                raise ProfileInvalid(
                    "Enter your name.", code="profile.name_required", field="display_name"
                )
            member.display_name = name
            member.save(update_fields=["display_name"])
        if headline is not None:
            profile.headline = clean_line(headline)[:160]
        if location is not None:
            profile.location = clean_line(location)[:120]
        if about is not None:
            profile.about = clean_paragraphs(about)[:5000]
        if open_to is not None:
            profile.open_to = list(open_to)
        profile.updated_at = timezone.now()
        profile.save()
        if skill_names is not None:
            profile.skills.set([_skill_get_or_create(name) for name in skill_names])
    return profile


def privacy_update(
    *,
    member: User,
    connections_visibility: str | None = None,
    email_visibility: str | None = None,
    email_findable: str | None = None,
) -> User:
    if connections_visibility is not None:
        if connections_visibility not in ConnectionsVisibility.values:
            raise ProfileInvalid(
                "Choose everyone, connections or only_me.",
                code="privacy.invalid",
                field="connections_visibility",
            )
        member.connections_visibility = connections_visibility
    if email_visibility is not None:
        if email_visibility not in EmailVisibility.values:
            raise ProfileInvalid(
                "Choose connections or only_me.", code="privacy.invalid", field="email_visibility"
            )
        member.email_visibility = email_visibility
    if email_findable is not None:
        if email_findable not in EmailFindable.values:
            raise ProfileInvalid(
                "Choose network, everyone or nobody.",
                code="privacy.invalid",
                field="email_findable",
            )
        member.email_findable = email_findable
    member.save(update_fields=["connections_visibility", "email_visibility", "email_findable"])
    return member


def photo_set(*, member: User, upload: UploadedFile) -> Profile:
    """Store a profile photo re-encoded from its pixels, so no metadata reaches other members.

    The upload itself is never stored: `image_clean` strips EXIF (GPS, camera), XMP, ICC
    and text, applies the orientation, and refuses decompression bombs before decoding.
    """
    limit = settings.RAPPORT["PHOTO_MAX_BYTES"]
    if upload.size is None or upload.size > limit:
        raise ProfileInvalid(
            f"The photo is larger than {limit // (1024 * 1024)} MB; choose a smaller one.",
            code="profile.photo_too_large",
            field="photo",
        )
    max_px = settings.RAPPORT["PHOTO_MAX_PIXELS"]
    try:
        clean = image_clean(upload, max_side=max_px, formats=PHOTO_FORMATS)
    except ImageRefused as exc:
        code, message = {
            "image.too_large": (
                "profile.photo_too_large",
                f"The photo is too large: at most {max_px}×{max_px} pixels, please.",
            ),
            "image.type": ("profile.photo_type", "Use a JPEG, PNG or WebP picture."),
        }.get(exc.code, ("profile.photo_invalid", exc.message))
        raise ProfileInvalid(message, code=code, field="photo") from exc
    profile = profile_of(member)
    old = profile.photo.name if profile.photo else None
    profile.photo.save(f"{member.handle}.{clean.extension}", ContentFile(clean.content), save=False)
    profile.updated_at = timezone.now()
    profile.save(update_fields=["photo", "updated_at"])
    if old and old != profile.photo.name:
        transaction.on_commit(lambda: profile.photo.storage.delete(old))
    return profile


def photo_reencode(*, profile: Profile) -> bool:
    """Re-encode a photo stored before uploads were cleaned, if it still carries metadata.

    Idempotent: a clean photo is left alone (re-encoding it again would only lose
    quality). One that cannot be read or is too large is removed, as it would be
    refused today. Returns whether the photo changed.
    """
    if not profile.photo:
        return False
    with profile.photo.open("rb") as stored:
        found = image_metadata(stored)
        if not found:
            return False
        stored.seek(0)
        try:
            clean = image_clean(
                stored, max_side=settings.RAPPORT["PHOTO_MAX_PIXELS"], formats=PHOTO_FORMATS
            )
        except ImageRefused:
            clean = None
    old = profile.photo.name
    if clean is None:
        profile.photo = None
    else:
        profile.photo.save(
            f"{profile.member.handle}.{clean.extension}", ContentFile(clean.content), save=False
        )
    profile.save(update_fields=["photo"])
    if old and old != (profile.photo.name if profile.photo else None):
        transaction.on_commit(lambda: profile.photo.storage.delete(old))
    return True


def photo_remove(*, member: User) -> Profile:
    profile = profile_of(member)
    if profile.photo:
        profile.photo.delete(save=False)
        profile.photo = None
        profile.save(update_fields=["photo"])
    return profile


def school_get_or_create(*, name: str) -> School:
    return named_record(
        School,
        name=name,
        name_max=120,
        slug_max=140,
        error=ProfileInvalid(
            "Enter the school's name.", code="education.school_required", field="school"
        ),
    )


def _education_years(start_year: int, end_year: int | None) -> None:
    this_year = timezone.localdate().year
    if not 1940 <= start_year <= this_year:
        raise ProfileInvalid(
            f"Enter a start year between 1940 and {this_year}.",
            code="education.start_invalid",
            field="start_year",
        )
    if end_year is not None and not start_year <= end_year <= this_year + 8:
        raise ProfileInvalid(
            "The end year must be after the start year.",
            code="education.end_invalid",
            field="end_year",
        )


def education_add(
    *,
    member: User,
    school_name: str,
    degree: str = "",
    field: str = "",
    start_year: int,
    end_year: int | None = None,
) -> Education:
    _education_years(start_year, end_year)
    with transaction.atomic():
        return Education.objects.create(
            member=member,
            school=school_get_or_create(name=school_name),
            degree=clean_line(degree)[:120],
            field=clean_line(field)[:120],
            start_year=start_year,
            end_year=end_year,
        )


def education_remove(*, member: User, education_id: int) -> None:
    deleted, _ = Education.objects.filter(pk=education_id, member=member).delete()
    if not deleted:
        raise NotFound("No such school in your education.", code="education.not_found")


@transaction.atomic
def profile_take_down(*, moderator: User, member: User) -> Profile:
    """A moderator clears a reported profile's own words (headline and about); the
    member's name, history and connections stay."""
    if not is_operator(moderator):
        raise PermissionDenied("Only moderators take profiles down.", code="profile.not_moderator")
    profile = Profile.objects.select_for_update().filter(member=member).first()
    if profile is None:
        raise NotFound("No such profile.", code="profile.not_found")
    profile.headline = ""
    profile.about = ""
    profile.save(update_fields=["headline", "about"])
    audit_record(actor=moderator, action="profile.take_down", target=f"member {member.pk}")
    return profile
