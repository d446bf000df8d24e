"""One reader a dataset: the member's own rows, as they may see them. Each returns plain
rows (dicts of strings, numbers, booleans and ISO dates) ready for JSON and CSV."""

from rapport.dataexport.collectors.content import (
    comments,
    contacts,
    groups,
    mentions_and_shares,
    notifications,
    posts,
    reactions,
)
from rapport.dataexport.collectors.exchanges import (
    conversations,
    introductions,
    invitation_messages,
    invitations_received,
    invitations_sent,
    messages,
    standing,
    trust_given,
)
from rapport.dataexport.collectors.settings_and_more import (
    influence,
    network_map,
    references,
    settings,
)
from rapport.dataexport.collectors.you import (
    access_tokens,
    blocked,
    companies,
    connections,
    education,
    positions,
    profile,
)

__all__ = [
    "access_tokens",
    "blocked",
    "comments",
    "companies",
    "connections",
    "contacts",
    "conversations",
    "education",
    "groups",
    "influence",
    "introductions",
    "invitation_messages",
    "invitations_received",
    "invitations_sent",
    "mentions_and_shares",
    "messages",
    "network_map",
    "notifications",
    "positions",
    "posts",
    "profile",
    "reactions",
    "references",
    "settings",
    "standing",
    "trust_given",
]
