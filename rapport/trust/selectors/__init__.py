"""Every read for trust and introductions; each is one member's own view."""

from rapport.trust.selectors.introductions import (
    HOP_WEAK,
    IntroducerAt,
    IntroductionView,
    PathProposal,
    introducers_at,
    introduction_for,
    introductions_of,
    path_proposals,
    routes_for,
)
from rapport.trust.selectors.scores import (
    NETWORKS,
    SORTS,
    NetworkQuery,
    NetworkSizes,
    my_network,
    network_page,
    network_sizes,
    prune_suggestions,
    trust_of_connection,
    worth_pruning,
)

__all__ = [
    "HOP_WEAK",
    "NETWORKS",
    "SORTS",
    "IntroducerAt",
    "IntroductionView",
    "NetworkQuery",
    "NetworkSizes",
    "PathProposal",
    "introducers_at",
    "introduction_for",
    "introductions_of",
    "my_network",
    "network_page",
    "network_sizes",
    "path_proposals",
    "prune_suggestions",
    "routes_for",
    "trust_of_connection",
    "worth_pruning",
]
