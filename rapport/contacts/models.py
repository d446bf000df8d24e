"""Imported contacts: private to the member who imported them, removed with their account."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rapport.accounts.models import User


class ImportState(models.TextChoices):
    PARSING = "parsing", "Reading the file"
    PREVIEW = "preview", "Ready to review"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Refused"
    CANCELLED = "cancelled", "Cancelled"


class ContactImport(models.Model):
    """One uploaded file, from upload through preview to the contacts it added.

    The upload is kept (as bytes) only until it is read or refused, so a big
    file can be read by a background job; `parsed` holds the preview.
    """

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="contact_imports")
    file_name = models.CharField(max_length=255, blank=True)
    format = models.CharField(max_length=12, blank=True)
    state = models.CharField(
        max_length=12, choices=ImportState.choices, default=ImportState.PARSING
    )
    upload = models.BinaryField(null=True, blank=True, editable=False)
    parsed = models.JSONField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    error_code = models.CharField(max_length=60, blank=True)
    error_message = models.TextField(blank=True)
    error_line = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ImportState.values), name="contact_import_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.file_name or 'upload'} ({self.state})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)


class ImportedContact(models.Model):
    """A person from a member's address book. Only its owner ever reads it."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="imported_contacts")
    source = models.ForeignKey(ContactImport, on_delete=models.SET_NULL, null=True, blank=True)
    name = models.CharField(max_length=300)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    emails = models.JSONField(default=list)
    # First e-mail, for lookups; the rest are in `emails`. Merges go by any of them.
    email = models.CharField(max_length=254, blank=True, db_index=True)
    company = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=500, blank=True)
    connected_on = models.DateField(null=True, blank=True)
    # The groups the address book put them in (Google's labels: "Clients", "Family"…).
    labels = models.JSONField(default=list, blank=True)
    name_key = models.CharField(max_length=620, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["owner", "name_key"], name="contact_owner_name_key")]

    def __str__(self) -> str:
        return self.name


class ContactMerge(models.Model):
    """One contact folded into another (within a file or across imports), undoable.

    `before` is the kept contact as it was; `incoming` is what was folded in, so
    undoing re-creates it and takes back only what it added.
    """

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="contact_merges")
    kept = models.ForeignKey(ImportedContact, on_delete=models.CASCADE, related_name="merges")
    source = models.ForeignKey(ContactImport, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.CharField(max_length=16)
    before = models.JSONField()
    incoming = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.incoming.get('name', '')} → {self.kept_id}"


class JoinOptOut(models.Model):
    """An address that asked never to be invited to join; checked before any join e-mail."""

    email_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"opted out {self.created_at:%Y-%m-%d}"


class JoinInvitation(models.Model):
    """A join e-mail sent to a non-member, for the weekly cap and to send each address once."""

    sender = models.ForeignKey(User, on_delete=models.CASCADE, related_name="join_invitations")
    email_digest = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sender", "email_digest"], name="join_invitation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} invited someone to join on {self.sent_at:%Y-%m-%d}"
