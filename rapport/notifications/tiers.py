"""Which notifications come first: the one place the ranking is declared.

Unread notifications are listed tier by tier, newest first within a tier; read ones
follow, newest first. Tier 1 is what waits for the member's answer, tier 2 is someone
talking to or about them, tier 3 is everything else (reactions, news, notices).
A kind missing from `TIERS` is a test failure, not a silent default.
"""

from __future__ import annotations

from django.db import models


class Tier(models.IntegerChoices):
    ANSWER = 1, "Waiting for your answer"
    DIRECT = 2, "Talking to you"
    OTHER = 3, "Everything else"


TIERS: dict[str, Tier] = {
    # Waiting for an answer.
    "invitations.received": Tier.ANSWER,
    "invitations.asked": Tier.ANSWER,
    "conversations.request_received": Tier.ANSWER,
    "introductions.asked": Tier.ANSWER,
    "introductions.to_target": Tier.ANSWER,
    "groups.requested": Tier.ANSWER,
    "groups.invited": Tier.ANSWER,
    # Someone talking to the member (mentions only from their network; see below).
    "invitations.answered": Tier.DIRECT,
    "conversations.request_accepted": Tier.DIRECT,
    "introductions.accepted": Tier.DIRECT,
    "posts.commented": Tier.DIRECT,
    "posts.replied": Tier.DIRECT,
    "posts.mentioned": Tier.DIRECT,
    # The rest.
    "invitations.accepted": Tier.OTHER,
    "network.connection_made": Tier.OTHER,
    "invitations.standing_warning": Tier.OTHER,
    "invitations.standing_limited": Tier.OTHER,
    "invitations.standing_restored": Tier.OTHER,
    "invitations.appeal_decided": Tier.OTHER,
    "limits.moderation_decision": Tier.OTHER,
    "limits.appeal_decided": Tier.OTHER,
    "introductions.forwarded": Tier.OTHER,
    "introductions.could_not_help": Tier.OTHER,
    "introductions.not_accepted": Tier.OTHER,
    "introductions.withdrawn": Tier.OTHER,
    "introductions.ended": Tier.OTHER,
    "introductions.expired": Tier.OTHER,
    "posts.reacted": Tier.OTHER,
    "posts.reposted": Tier.OTHER,
    "members.job_changed": Tier.OTHER,
    "companies.joined": Tier.OTHER,
    "posts.company_posted": Tier.OTHER,
    "groups.approved": Tier.OTHER,
    "groups.new_post": Tier.OTHER,
    "system.welcome": Tier.OTHER,
    "dataexport.ready": Tier.OTHER,
}

# Kinds that rank as talking to you only when the actor is in the member's network:
# a stranger's mention is not allowed to jump the queue ("the new way to spam people").
NETWORK_ONLY_DIRECT = frozenset({"posts.mentioned"})


def tier_for(kind: str, *, from_network: bool | None = None) -> Tier:
    tier = TIERS.get(kind, Tier.OTHER)
    if kind in NETWORK_ONLY_DIRECT and from_network is False:
        return Tier.OTHER
    return tier
