"""Companies, and who works where: the work history every profile shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

SIZE_BANDS = [
    ("1-10", "1–10 employees"),
    ("11-50", "11–50 employees"),
    ("51-200", "51–200 employees"),
    ("201-1000", "201–1,000 employees"),
    ("1001-5000", "1,001–5,000 employees"),
    ("5001+", "5,001 or more employees"),
]


class Company(models.Model):
    """One record per employer, shared by every member who worked there."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    industry = models.CharField(max_length=80, blank=True)
    location = models.CharField(max_length=120, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    size_band = models.CharField(max_length=20, blank=True, choices=SIZE_BANDS)
    # Uploaded by an approved admin, re-encoded and stored under a random name
    # (`admins.company_logo_set`); served by the company pages' own view.
    logo = models.ImageField(upload_to="logos/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="company_name_set")]

    def __str__(self) -> str:
        return self.name

    @property
    def logo_version(self) -> str:
        """Part of the logo's address that changes with the logo (its random name)."""
        return self.logo.name.rsplit("/", 1)[-1].split(".", 1)[0][:12] if self.logo else ""


class Position(models.Model):
    """A role a member held: months, not days, because that is what people remember."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="positions"
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(max_length=120)
    # The first day of the start and end months.
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    # When the member chose to tell their network of this position (null: they stayed
    # quiet); set once, so a position is announced — in feeds and notifications — once.
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_current", "-started_on", "-id"]
        indexes = [
            models.Index(fields=["company", "is_current"], name="position_company_current_idx"),
            models.Index(fields=["member", "is_current"], name="position_member_current_idx"),
            # A company page's staff, newest first, a page at a time: read in order from
            # the index instead of sorting everyone who works there now.
            models.Index(
                fields=["company", "-started_on"],
                name="position_staff_idx",
                condition=Q(is_current=True),
            ),
            # Feeds read the job changes announced lately, newest first.
            models.Index(
                fields=["-announced_at"],
                name="position_announced_idx",
                condition=Q(announced_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="position_title_set"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="position_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(is_current=True, ended_on__isnull=True)
                | Q(is_current=False, ended_on__isnull=False),
                name="position_current_xor_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"

    @property
    def months(self) -> int:
        end = self.ended_on or timezone.localdate().replace(day=1)
        return (end.year - self.started_on.year) * 12 + end.month - self.started_on.month + 1


class CompanyInsights(models.Model):
    """A company's workforce figures as the last job computed them (companies.insights):
    stored raw, so the small-group threshold applies when they are read."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="insights"
    )
    figures = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "company insights"

    def __str__(self) -> str:
        return f"Insights for {self.company_id}"


class InsightsOptOut(models.Model):
    """A member who keeps their work history out of every company's insights."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="insights_opt_out",
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Insights opt-out of {self.member_id}"


class CompanyFollow(models.Model):
    """A member following a company: its page lists them as a follower count only."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_follows"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "company"], name="company_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} follows {self.company_id}"


class AdminClaimState(models.TextChoices):
    CLAIMED = "claimed", "Waiting for an operator"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class CompanyAdminClaim(models.Model):
    """A member's claim to edit a company's page: an operator approves it in the Django
    admin; only approved admins may edit."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_claims"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="admin_claims")
    state = models.CharField(
        max_length=10, choices=AdminClaimState.choices, default=AdminClaimState.CLAIMED
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "company"], name="company_claim_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} claims {self.company_id}: {self.state}"
