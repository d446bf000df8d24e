"""The member account: log-in by email, a display name and a public handle."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac


class ConnectionsVisibility(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    CONNECTIONS = "connections", "My connections"
    ONLY_ME = "only_me", "Only me"


class EmailVisibility(models.TextChoices):
    CONNECTIONS = "connections", "My connections"
    ONLY_ME = "only_me", "Only me"


class EmailFindable(models.TextChoices):
    """Who may find the member by their e-mail address in an imported address book."""

    NETWORK = "network", "My connections and their connections"
    EVERYONE = "everyone", "Everyone"
    NOBODY = "nobody", "Nobody"


HANDLE_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,28}[a-z0-9])?$"
# What `handle` holds while a sign-up awaits confirmation: this prefix and random letters.
# No member may choose a handle starting with it (`handle_validate`), so a pending sign-up
# never makes a handle look taken (decision 0012).
PENDING_HANDLE_PREFIX = "pending-"
# An erased account's handle (operations/erasure.py): no member may choose one.
ERASED_HANDLE_PREFIX = "former-"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("display_name", email.split("@")[0])
        # An operator's handle follows the same rules as a member's; "admin" is reserved.
        fields.setdefault("handle", f"{email.split('@')[0].lower()[:24]}-op")
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of the community. Email is private; the handle is how others link to you."""

    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(max_length=100)
    handle = models.CharField(max_length=30)
    # Privacy lives on the account, the lowest layer, because every capability
    # (network, search, invitations, messaging) must honour it.
    connections_visibility = models.CharField(
        max_length=12,
        choices=ConnectionsVisibility.choices,
        default=ConnectionsVisibility.CONNECTIONS,
    )
    email_visibility = models.CharField(
        max_length=12, choices=EmailVisibility.choices, default=EmailVisibility.ONLY_ME
    )
    email_findable = models.CharField(
        max_length=12, choices=EmailFindable.choices, default=EmailFindable.NETWORK
    )
    is_staff = models.BooleanField(default=False)
    # Operators run the community: the moderation console, limits, status. A role of
    # its own, granted and revoked with an audit entry (`rapport operators`), so that
    # moderating never needs the Django admin, which stays for superusers.
    is_operator = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    # Signed up on the web and not yet through the link e-mailed to prove the address is
    # theirs: inactive until then, and replaced by a later sign-up with the same address.
    awaiting_confirmation = models.BooleanField(default=False)
    # The handle a pending sign-up asked for; `handle` holds a placeholder until the
    # confirmation takes this one (or another, if someone confirmed it first).
    requested_handle = models.CharField(max_length=30, blank=True, default="")
    # When a sign-up last e-mailed this address, so repeated sign-ups cannot flood it.
    sign_up_mailed_at = models.DateTimeField(null=True, blank=True)
    # When a password reset last e-mailed this account, so repeated resets cannot flood it.
    password_reset_mailed_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Asked to be deleted: erased at this time unless they log in before (a grace period).
    deletion_due_at = models.DateTimeField(null=True, blank=True)
    # Erased: the row is a tombstone ("Former member") that keeps what others replied to.
    erased_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name", "handle"]

    class Meta:
        indexes = [
            # The few deactivated accounts, read whole as `inactive_members()`: lists
            # over thousands of rows leave them out by a small hashed set instead of a
            # join to every account.
            models.Index(
                fields=["id"], name="user_inactive_idx", condition=models.Q(is_active=False)
            ),
            # The few accounts waiting out their deletion's grace period, for the job.
            models.Index(
                fields=["deletion_due_at"],
                name="user_deletion_due_idx",
                condition=models.Q(deletion_due_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.UniqueConstraint(fields=["handle"], name="user_handle_unique"),
            models.CheckConstraint(
                condition=models.Q(handle__regex=HANDLE_PATTERN), name="user_handle_format"
            ),
            models.CheckConstraint(
                condition=~models.Q(display_name=""), name="user_display_name_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(connections_visibility__in=ConnectionsVisibility.values),
                name="user_connections_visibility_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(email_visibility__in=EmailVisibility.values),
                name="user_email_visibility_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(email_findable__in=EmailFindable.values),
                name="user_email_findable_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(awaiting_confirmation=True, is_active=True),
                name="user_awaiting_confirmation_inactive",
            ),
            models.CheckConstraint(
                condition=models.Q(awaiting_confirmation=False)
                | models.Q(handle__startswith=PENDING_HANDLE_PREFIX),
                name="user_pending_handle_placeholder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} (@{self.handle})"

    def get_session_auth_hash(self) -> str:
        """Asking to be deleted signs the member out of every session (Django checks this
        hash on each request); logging in again, which cancels the deletion, restores it."""
        base = super().get_session_auth_hash()
        if self.deletion_due_at is None:
            return base
        return salted_hmac(
            "rapport.accounts.deletion", f"{base}:{self.deletion_due_at.isoformat()}"
        ).hexdigest()

    @property
    def initials(self) -> str:
        parts = [p for p in self.display_name.split() if p[:1].isalpha()]
        if not parts:
            return self.handle[:1].upper()
        if len(parts) == 1:
            return parts[0][:1].upper()
        return (parts[0][:1] + parts[-1][:1]).upper()


class AccessToken(models.Model):
    """A personal access token for the API. Only its hash is stored; the member sees it once."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=60)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=~models.Q(name=""), name="token_name_set")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AuditEntry(models.Model):
    """One thing an operator did, kept read-only: who, what, to what or whom, when, why.

    The actor's name is copied so the entry still says who acted after their account
    is gone; `detail` holds the before and after of a change.
    """

    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=160)
    action = models.CharField(max_length=60)
    target = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=1000, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "at"], name="audit_action_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(action=""), name="audit_action_named")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.target}"
