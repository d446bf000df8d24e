"""Profiles: what a member tells the community about themselves, and who may see what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class OpenTo(models.TextChoices):
    MENTORING = "mentoring", "Mentoring"
    BEING_MENTORED = "being_mentored", "Being mentored"
    HIRING = "hiring", "Hiring"
    NEW_ROLE = "new_role", "A new role"
    INTRODUCTIONS = "introductions", "Being introduced"
    SPEAKING = "speaking", "Speaking"
    ADVISING = "advising", "Advising"


class Skill(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
    )
    headline = models.CharField(max_length=160, blank=True)
    location = models.CharField(max_length=120, blank=True)
    about = models.TextField(blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="profiles")
    open_to = models.JSONField(default=list, blank=True)
    photo = models.ImageField(upload_to="photos/%Y/%m/", blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["location"], name="profile_location_idx")]

    def __str__(self) -> str:
        return f"Profile of {self.member_id}"

    @property
    def open_to_labels(self) -> list[str]:
        labels = dict(OpenTo.choices)
        return [str(labels[key]) for key in self.open_to if key in labels]


class School(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Education(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="education"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="alumni")
    degree = models.CharField(max_length=120, blank=True)
    field = models.CharField(max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-start_year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__gte=1940, start_year__lte=2100), name="education_start_sane"
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="education_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.degree} at {self.school}"


class SearchEntry(models.Model):
    """What search finds a member by, folded into one text (rapport/members/search_entries.py).

    Kept by the writes that change a name, handle, headline, location, current job or
    skill, so a search is one index scan on this row instead of a scan across six
    tables (decision 0030). Fields are separated by line breaks, which no search term
    holds, so a term never matches across two of them.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    # Name, handle, headline, location, current titles and employers, skills.
    text = models.TextField(blank=True)
    # Current titles and employers alone: a match here ranks a result higher.
    roles = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Search entry of {self.member_id}"
