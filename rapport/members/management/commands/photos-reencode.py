"""`rapport photos-reencode`: strip the metadata from photos stored before uploads were cleaned.

Uploads are re-encoded as they arrive (decision 0012); this brings older photos in line.
Safe to run again: photos already clean are left alone.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from rapport.members.models import Profile
from rapport.members.services import photo_reencode


class Command(BaseCommand):
    help = "Re-encode stored profile photos that still carry EXIF, XMP, ICC or text metadata."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = 0
        profiles = Profile.objects.exclude(photo="").select_related("member").order_by("pk")
        for profile in profiles.iterator(chunk_size=200):
            with transaction.atomic():
                changed += photo_reencode(profile=profile)
        self.stdout.write(f"re-encoded {changed} photos")
