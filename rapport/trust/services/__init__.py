"""Every write for trust and introductions."""

from rapport.trust.services.asking import introduction_request
from rapport.trust.services.introductions import (
    introduction_accept,
    introduction_decline,
    introduction_forward,
    introduction_withdraw,
    introductions_expire,
)
from rapport.trust.services.scores import (
    connection_prune,
    trust_recompute,
    trust_recompute_stale,
)

__all__ = [
    "connection_prune",
    "introduction_accept",
    "introduction_decline",
    "introduction_forward",
    "introduction_request",
    "introduction_withdraw",
    "introductions_expire",
    "trust_recompute",
    "trust_recompute_stale",
]
