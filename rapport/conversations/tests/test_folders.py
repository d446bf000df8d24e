"""The folders' lists: one statement per folder, whatever page a link asks for."""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.conversations import services
from rapport.conversations.folders import _FOLDER, folder_for
from rapport.conversations.tests.factories import GENUINE, connect

pytestmark = pytest.mark.django_db


def test_show_more_reads_more_rows_of_one_statement():
    ada = make_member("ada")
    others = [make_member(f"m{i}") for i in range(5)]
    for other in others:
        connect(ada, other)
        services.message_send(sender=other, recipient=ada, text=GENUINE)
    before = len(_FOLDER._compiled)
    shown = [len(folder_for(ada, "inbox", limit=limit)) for limit in (1, 2, 3, 51, 1001, 50001)]
    assert shown == [1, 2, 3, 5, 5, 5]
    # Each page size is a value, not a statement of its own: a URL cannot grow the cache.
    assert len(_FOLDER._compiled) - before <= 1
    assert [row.conversation.pk for row in folder_for(ada, "inbox", limit=2)] == [
        row.conversation.pk for row in folder_for(ada, "inbox", limit=5)[:2]
    ]
