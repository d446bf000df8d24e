"""A copy's file goes with its row: an account deleted with its copies (a cascade)
leaves no zip of its data on disk."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from rapport.dataexport.models import DataExport


@receiver(post_delete, sender=DataExport)
def _delete_the_file(sender: type[DataExport], instance: DataExport, **kwargs: Any) -> None:
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
