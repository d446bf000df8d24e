"""What a member's copy of their data holds: one dataset a file, each with a sentence for
the README, read as the member may see it — never what others keep private (who blocked
them, who reported them, the trust others gave them, how others answered their
invitations beyond "not accepted").

`COVERAGE` names, for every model that refers to a member, the dataset that carries it
or why it is left out; a test fails when a model is missing, so a new capability cannot
forget the export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapport.accounts.models import User
from rapport.dataexport import collectors
from rapport.dataexport.collectors.common import Row


@dataclass(frozen=True)
class Dataset:
    name: str
    about: str
    rows: Callable[[User], list[Row]]


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "profile",
        "Your account and profile: name, handle, e-mail, headline, "
        "place, about, what you are open to, and your privacy choices.",
        collectors.profile,
    ),
    Dataset(
        "access_tokens",
        "Your personal access tokens for the API: names and when they "
        "were used (never the secret).",
        collectors.access_tokens,
    ),
    Dataset(
        "positions",
        "Your work history, including whether you told your network of a new position.",
        collectors.positions,
    ),
    Dataset("education", "Your schools, degrees and years.", collectors.education),
    Dataset(
        "companies",
        "Companies you follow and the admin rights you asked for.",
        collectors.companies,
    ),
    Dataset(
        "connections",
        "Your connections: who, since when, and how you connected.",
        collectors.connections,
    ),
    Dataset("blocked", "Members you blocked.", collectors.blocked),
    Dataset(
        "invitations_sent",
        "Invitations you sent, with your note and reason; an "
        "invitation that was not accepted says only that.",
        collectors.invitations_sent,
    ),
    Dataset(
        "invitations_received",
        "Invitations you received and how you answered.",
        collectors.invitations_received,
    ),
    Dataset(
        "invitation_messages", "Messages you wrote on invitations.", collectors.invitation_messages
    ),
    Dataset(
        "standing",
        "Your sender standing: restrictions and warnings, the reports about "
        "you (never who made them), the reports you made, moderators' decisions about "
        "you, and your appeals.",
        collectors.standing,
    ),
    Dataset(
        "conversations",
        "Conversations you are in, with their state and whether you archived them.",
        collectors.conversations,
    ),
    Dataset(
        "messages",
        "Every message you can see, in conversations you are in (not the "
        "ones you deleted for yourself).",
        collectors.messages,
    ),
    Dataset(
        "trust_given",
        "The trust you hold for each connection, with its parts and "
        "reasons (the trust others hold for you is theirs).",
        collectors.trust_given,
    ),
    Dataset(
        "introductions",
        "Introductions you asked for, were asked to make, or were the "
        "target of, with your part in each.",
        collectors.introductions,
    ),
    Dataset("posts", "Your posts and articles, drafts included.", collectors.posts),
    Dataset("comments", "Your comments.", collectors.comments),
    Dataset(
        "groups",
        "The groups you are in, were invited to, asked to join, left or were banned from.",
        collectors.groups,
    ),
    Dataset("reactions", "Your reactions to posts.", collectors.reactions),
    Dataset(
        "mentions",
        "Where others mentioned you, and the posts you shared in messages.",
        collectors.mentions_and_shares,
    ),
    Dataset(
        "contacts",
        "The contacts you imported, your imports, the merges made, and the "
        "join invitations you sent by e-mail (as the digest stored, not the address).",
        collectors.contacts,
    ),
    Dataset(
        "notifications", "Your notifications and the e-mails sent to you.", collectors.notifications
    ),
    Dataset(
        "settings",
        "Your settings: who may invite or message you, notifications, "
        "mutes, the message guard, reference checks and company insights.",
        collectors.settings,
    ),
    Dataset(
        "influence", "Your influence score, its parts and its daily history.", collectors.influence
    ),
    Dataset(
        "references",
        "Reference lookups you made and that others made for you, and "
        "permissions asked for your current employer.",
        collectors.references,
    ),
    Dataset(
        "network_map",
        "The names you gave to groups on your network map, and the suggestions you dismissed.",
        collectors.network_map,
    ),
)

LEFT_OUT = "left out: "

# Every model that refers to a member → the dataset carrying it, or why it is left out.
COVERAGE: dict[str, str] = {
    "accounts.User": "profile",
    "accounts.AccessToken": "access_tokens",
    "accounts.AuditEntry": LEFT_OUT + "the community's record of what its operators did, "
    "kept for accountability; decisions about you reach you as notifications",
    "members.Profile": "profile",
    "members.Education": "education",
    "members.SearchEntry": LEFT_OUT + "a copy, for search, of the name, headline, jobs and "
    "skills the profile and work history datasets carry",
    "companies.Position": "positions",
    "companies.CompanyFollow": "companies",
    "companies.CompanyAdminClaim": "companies",
    "companies.InsightsOptOut": "settings",
    "network.Connection": "connections",
    "network.Block": "blocked",
    "invitations.Invitation": "invitations_sent",
    "invitations.InvitationMessage": "invitation_messages",
    "invitations.InvitationPreferences": "settings",
    "limits.Standing": "standing",
    "limits.Complaint": "standing",
    "invitations.Appeal": "standing",
    "limits.Sanction": "standing",
    "limits.QuotaSlot": LEFT_OUT + "counters of allowances (invitations, message requests, "
    "mentions) whose uses are listed in their own files",
    "contacts.ContactImport": "contacts",
    "contacts.ImportedContact": "contacts",
    "contacts.ContactMerge": "contacts",
    "contacts.JoinInvitation": "contacts",
    "conversations.Conversation": "conversations",
    "conversations.Participant": "conversations",
    "conversations.Message": "messages",
    "conversations.MessagingPreferences": "settings",
    "conversations.GuardExemption": "settings",
    "trust.TrustScore": "trust_given",
    "trust.Introduction": "introductions",
    "trust.IntroductionStep": "introductions",
    "posts.Post": "posts",
    "groups.Group": "groups",
    "groups.Membership": "groups",
    "groups.MembershipChange": LEFT_OUT + "the group's record of joins and departures behind its "
    "member count; your memberships, with their dates, are in groups",
    "groups.GroupVisit": LEFT_OUT + "the days you opened a group, counted as reading in its "
    "statistics and nothing else",
    "posts.Comment": "comments",
    "posts.Reaction": "reactions",
    "posts.Mention": "mentions",
    "posts.PostShare": "mentions",
    "notifications.Notification": "notifications",
    "notifications.NotificationActor": LEFT_OUT + "rows of other members' notifications",
    "notifications.NotificationPreferences": "settings",
    "notifications.KindPreference": "settings",
    "notifications.MutedThing": "settings",
    "notifications.MutedMentioner": "settings",
    "notifications.EmailSent": "notifications",
    "notifications.EmailDay": LEFT_OUT + "a daily count of the e-mails listed one by one",
    "influence.Influence": "influence",
    "influence.InfluenceDay": "influence",
    "suggestions.Dismissal": "network_map",
    "networkmap.NetworkMap": LEFT_OUT + "a layout computed from your connections, "
    "recomputed on your next visit; the names you gave are exported",
    "networkmap.ClusterName": "network_map",
    "references.CurrentEmployerPermission": "references",
    "references.ReferenceLookup": "references",
    "references.ReferenceOptOut": "settings",
    "dataexport.DataExport": LEFT_OUT + "the list of your copies itself",
}
