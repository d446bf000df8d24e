from __future__ import annotations

from rapport.invitations.models import Policy


def policy() -> Policy:
    """The operator's current limits: the saved row, or the defaults until one is saved.

    A read never writes: the row appears when an operator first changes a limit.
    """
    return Policy.objects.filter(pk=1).first() or Policy(pk=1)
