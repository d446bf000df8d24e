"""Groups and who is in them (issue 17).

A group is open (anyone joins), closed (anyone may ask; managers approve) or private
(invisible to non-members; invitation only). A member's place in a group is one
`Membership` row whose state moves through `states.MEMBERSHIP`; the row is kept when
they leave, so a ban outlives a departure and a returning member is the same row.
`MembershipChange` is the append-only record of joins and departures that the
statistics count "members over time" from; `GroupVisit` records that a member read the
group on a day (the "readers" of the 100-10-1 breakdown).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

NAME_MAX_CHARS = 100
DESCRIPTION_MAX_CHARS = 2000
RULES_MAX_CHARS = 4000
NOTE_MAX_CHARS = 300


class Visibility(models.TextChoices):
    OPEN = "open", "Open — anyone signed in can read and join"
    CLOSED = "closed", "Closed — anyone can find it and ask to join; managers approve"
    PRIVATE = "private", "Private — invisible to non-members; by invitation only"


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    MANAGER = "manager", "Manager"
    MEMBER = "member", "Member"


class MembershipState(models.TextChoices):
    INVITED = "invited", "Invited"
    REQUESTED = "requested", "Asked to join"
    MEMBER = "member", "Member"
    LEFT = "left", "Left or removed"
    DECLINED = "declined", "Declined"
    BANNED = "banned", "Banned"


class Group(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=NAME_MAX_CHARS)
    description = models.TextField(blank=True)
    rules = models.TextField(blank=True)
    cover = models.ImageField(upload_to="groups/%Y/%m/", blank=True)
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Kept by the membership services with F() in the same transaction as the change,
    # so browsing never counts rows.
    member_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="group_visibility_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["visibility", "-member_count"], name="group_browse_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def visibility_name(self) -> str:
        """ "Open", "Closed" or "Private", for a label."""
        return str(self.visibility).capitalize()


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=10, choices=MembershipState.choices)
    # Who invited them, or who approved, removed or banned them last.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The request's or the invitation's few words; a ban's reason.
    note = models.CharField(max_length=NOTE_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    # "Follow closely": a notification for every new post in the group.
    follow_closely = models.BooleanField(default=False)
    # Shown among the group's top contributors (members may opt out).
    show_in_top = models.BooleanField(default=True)
    # New members' posts a day in this group: a counter taken by one conditional
    # update (services.group_post_slot_take), never counted.
    posts_day = models.DateField(null=True, blank=True)
    posts_today = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="membership_once"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="owner"), name="membership_one_owner"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
            models.CheckConstraint(
                condition=Q(state__in=MembershipState.values), name="membership_state_valid"
            ),
            # Owners and managers are members; leaving, a ban or a removal drops the role.
            models.CheckConstraint(
                condition=Q(role="member") | Q(state="member"), name="membership_role_is_member"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "state"], name="membership_member_idx"),
            models.Index(fields=["group", "state", "role"], name="membership_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.state} in {self.group_id}"


class MembershipChange(models.Model):
    """A join or a departure, appended by the membership services; never updated."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    # Kept anonymous when the member is erased: the group's history keeps its shape.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    joined = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["group", "at"], name="membershipchange_group_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} {'joined' if self.joined else 'left'} {self.group_id}"


class GroupVisit(models.Model):
    """A member read the group on a day: one row, however often they came back."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member", "day"], name="groupvisit_once"),
        ]
        indexes = [models.Index(fields=["group", "day"], name="groupvisit_group_day_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} read {self.group_id} on {self.day}"
