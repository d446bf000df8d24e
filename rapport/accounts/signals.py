"""Signals about accounts that higher apps listen to."""

from django.dispatch import Signal

# Sent with `ids` after accounts were written with `bulk_create` (which sends no
# post_save), so that what other apps derive from a member — search entries — is
# built for them too. Apps below members send it, since they may not call members.
members_created_in_bulk = Signal()
