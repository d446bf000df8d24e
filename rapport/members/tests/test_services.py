import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rapport.accounts.models import User
from rapport.core.errors import Conflict, NotFound, ValidationFailed
from rapport.members import services
from rapport.members.models import Education, Profile, Skill

pytestmark = pytest.mark.django_db


def _png(size=(40, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buf, format="PNG")
    return buf.getvalue()


def test_sign_up_creates_profile_and_sends_welcome_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member = services.member_sign_up(
            email="Dee@Example.com",
            display_name="Dee Dee",
            handle="dee",
            password="a long enough secret",
        )
    assert member.email == "dee@example.com"
    assert Profile.objects.filter(member=member).exists()
    assert [m.to for m in mail.outbox] == [["dee@example.com"]]


def test_failed_sign_up_changes_nothing(ada):
    with pytest.raises(Conflict):
        services.member_sign_up(
            email="ada@example.com",
            display_name="Ada 2",
            handle="ada2",
            password="a long enough secret",
        )
    assert User.objects.count() == 1 and Profile.objects.count() == 1


def test_profile_update_sets_fields_and_dedupes_skills(ada):
    profile = services.profile_update(
        member=ada,
        headline="  Data  engineer ",
        location="Lagos",
        skills=["Python", "python", "SQL"],
        open_to=["mentoring", "hiring"],
    )
    assert profile.headline == "Data engineer"
    assert sorted(profile.skills.values_list("slug", flat=True)) == ["python", "sql"]
    assert profile.open_to_labels == ["Mentoring", "Hiring"]


def test_unknown_open_to_choice_changes_nothing(ada):
    before = Profile.objects.get(member=ada).headline
    with pytest.raises(ValidationFailed) as exc:
        services.profile_update(member=ada, headline="New", open_to=["world-domination"])
    assert exc.value.code == "profile.open_to_invalid"
    assert Profile.objects.get(member=ada).headline == before


def test_too_many_skills_are_refused(ada):
    with pytest.raises(ValidationFailed):
        services.profile_update(member=ada, skills=[f"skill {i}" for i in range(51)])
    assert not Skill.objects.filter(name="skill 0").exists()


def test_photo_accepts_a_real_png(ada, media_root):
    profile = services.photo_set(member=ada, upload=SimpleUploadedFile("me.png", _png()))
    assert profile.photo.name.endswith("ada.png")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<?php echo 'hi'; ?>", "profile.photo_invalid"),
        (b"GIF89a" + b"\x00" * 20, "profile.photo_invalid"),
    ],
)
def test_photo_refuses_what_is_not_a_picture(ada, media_root, content, code):
    with pytest.raises(ValidationFailed) as exc:
        services.photo_set(member=ada, upload=SimpleUploadedFile("me.png", content))
    assert exc.value.code == code
    assert not Profile.objects.get(member=ada).photo


def test_photo_refuses_large_files_and_other_formats(ada, media_root, settings):
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, format="GIF")
    with pytest.raises(ValidationFailed) as exc:
        services.photo_set(member=ada, upload=SimpleUploadedFile("a.gif", buf.getvalue()))
    assert exc.value.code == "profile.photo_type"
    settings.RAPPORT = {**settings.RAPPORT, "PHOTO_MAX_BYTES": 100}
    with pytest.raises(ValidationFailed) as exc:
        services.photo_set(member=ada, upload=SimpleUploadedFile("b.png", _png()))
    assert exc.value.code == "profile.photo_too_large"


def test_privacy_values_are_checked(ada):
    with pytest.raises(ValidationFailed):
        services.privacy_update(member=ada, connections_visibility="the moon")
    assert User.objects.get(pk=ada.pk).connections_visibility == "connections"


def test_education_years_are_checked_and_removal_is_owner_only(ada, ben):
    with pytest.raises(ValidationFailed):
        services.education_add(member=ada, school_name="MIT", start_year=2010, end_year=2005)
    edu = services.education_add(
        member=ada, school_name="MIT", degree="BSc", start_year=2010, end_year=2014
    )
    with pytest.raises(NotFound):
        services.education_remove(member=ben, education_id=edu.pk)
    assert Education.objects.filter(pk=edu.pk).exists()
    services.education_remove(member=ada, education_id=edu.pk)
    assert not Education.objects.exists()
