"""Erasing a member (GDPR article 17): after their grace period, or at once by an operator.

Every capability holds some of a member, so the erasure lives in the top layer. One
transaction per member: what is theirs alone is deleted; what others replied to (a post
with others' comments, a comment with others' replies, a conversation the other side
wrote in) stays, and the account row becomes a tombstone shown as "Former member" —
no name, address, handle, password, profile or history. The graph index hears of every
removed connection through its change log; trust, company insights and influence are
recomputed by their jobs.

`ERASED` says, for every model that refers to a member, what erasure does with it; a
test fails when a model is missing, so a new capability cannot forget its members.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from rapport.accounts.models import (
    ERASED_HANDLE_PREFIX,
    AccessToken,
    AuditEntry,
    ConnectionsVisibility,
    EmailFindable,
    EmailVisibility,
    User,
)
from rapport.accounts.services import audit_record, operator_require
from rapport.companies.models import CompanyAdminClaim, CompanyFollow, InsightsOptOut, Position
from rapport.companies.services import insights_refresh_later
from rapport.contacts.models import ContactImport, ContactMerge, ImportedContact, JoinInvitation
from rapport.conversations.models import (
    Conversation,
    GuardExemption,
    Message,
    MessagingPreferences,
    Participant,
)
from rapport.core.errors import Conflict, NotFound, ValidationFailed
from rapport.dataexport.models import DataExport
from rapport.discussions.models import GroupStats
from rapport.groups.services import memberships_erase
from rapport.influence.models import Influence, InfluenceDay
from rapport.invitations.models import Appeal, Invitation, InvitationPreferences
from rapport.limits.models import Complaint, QuotaSlot, Sanction, Standing
from rapport.members.models import Education, Profile
from rapport.network.services import connections_remove_all
from rapport.networkmap.models import ClusterName, NetworkMap
from rapport.notifications.models import (
    EmailDay,
    EmailSent,
    KindPreference,
    MutedMentioner,
    MutedThing,
    Notification,
    NotificationActor,
    NotificationPreferences,
)
from rapport.posts.models import Comment, Mention, Post, PostShare, PostView, PostViewer, Reaction
from rapport.posts.services.mentions import rendered
from rapport.references.models import (
    CurrentEmployerPermission,
    ReferenceLookup,
    ReferenceOptOut,
)
from rapport.suggestions.models import Dismissal
from rapport.trust.models import Introduction, IntroductionStep, TrustScore

logger = logging.getLogger(__name__)
FORMER_MEMBER = "Former member"
KEPT = "kept, written by a former member: "

# Every model that refers to a member → what erasure does with those rows.
ERASED: dict[str, str] = {
    "accounts.User": "the row becomes a tombstone: no name, address, handle or password",
    "accounts.AccessToken": "deleted",
    "accounts.AuditEntry": "kept for accountability; the member's handle is removed",
    "notifications.Notification": "deleted (theirs, and others' about them)",
    "notifications.NotificationActor": "deleted",
    "notifications.NotificationPreferences": "deleted",
    "notifications.KindPreference": "deleted",
    "notifications.MutedThing": "deleted",
    "notifications.MutedMentioner": "deleted (theirs, and others' of them)",
    "notifications.EmailDay": "deleted",
    "notifications.EmailSent": "deleted",
    "companies.Position": "deleted; the companies' insights are recomputed",
    "companies.InsightsOptOut": "deleted",
    "companies.CompanyFollow": "deleted",
    "companies.CompanyAdminClaim": "deleted",
    "network.Connection": "deleted, each logged for the graph index",
    "network.Block": "deleted",
    "members.Profile": "deleted, with the photo file",
    "members.Education": "deleted",
    "members.SearchEntry": "deleted: a tombstone is found by nothing",
    "limits.QuotaSlot": "deleted",
    "limits.Standing": "deleted",
    "limits.Complaint": "deleted (about them and by them)",
    "limits.Sanction": "deleted",
    "invitations.Invitation": "deleted (sent and received), with their threads",
    "invitations.InvitationMessage": "deleted with the invitations",
    "invitations.InvitationPreferences": "deleted",
    "invitations.Appeal": "deleted",
    "contacts.ContactImport": "deleted",
    "contacts.ImportedContact": "deleted",
    "contacts.ContactMerge": "deleted",
    "contacts.JoinInvitation": "deleted",
    "conversations.Conversation": KEPT + "when the other side wrote in it; else deleted",
    "conversations.Participant": "deleted (their side: reads, archive)",
    "conversations.Message": KEPT + "in conversations the other side wrote in",
    "conversations.MessagingPreferences": "deleted",
    "conversations.GuardExemption": "deleted",
    "trust.TrustScore": "deleted; trust of former connections is recomputed",
    "trust.Introduction": "deleted",
    "trust.IntroductionStep": "deleted",
    "groups.Group": "kept; forgotten as its creator; a group they owned passes to its "
    "longest-serving manager, else member",
    "groups.Membership": "deleted, after leaving each group (counted as a departure); "
    "the groups' statistics are recomputed",
    "groups.MembershipChange": "kept without them (the group's member count over time)",
    "groups.GroupVisit": "deleted",
    "posts.Post": KEPT + "when others commented on or reposted it; else deleted",
    "posts.Reaction": "deleted",
    "posts.Comment": KEPT + "when others replied to it; else deleted",
    "posts.Mention": "deleted (by them and of them)",
    "posts.PostShare": "kept as an anonymous share",
    "influence.Influence": "deleted",
    "influence.InfluenceDay": "deleted",
    "suggestions.Dismissal": "deleted",
    "networkmap.NetworkMap": "deleted",
    "networkmap.ClusterName": "deleted",
    "references.CurrentEmployerPermission": "deleted",
    "references.ReferenceLookup": "deleted",
    "references.ReferenceOptOut": "deleted",
    "dataexport.DataExport": "deleted, with the files",
}


def member_erase(
    *,
    member: User,
    operator: User | None = None,
    reason: str = "",
    now: dt.datetime | None = None,
    only_if_due: bool = False,
) -> User | None:
    """Erase `member` now. `operator` None is the grace period's end (the job, with
    `only_if_due`) or the command line; an operator erasing at once gives the legal
    reason, audited. Returns None when the member is no longer due (they logged in)."""
    if operator is not None:
        operator_require(operator)
        if len(" ".join(reason.split())) < 10:
            raise ValidationFailed(
                "Say why the account is erased at once (the legal reason).",
                code="erase.reason_missing",
                field="reason",
            )
    now = now or timezone.now()
    with transaction.atomic():
        locked = User.objects.select_for_update().filter(pk=member.pk).first()
        if locked is None:
            raise NotFound("No such member.", code="erase.not_found")
        if locked.erased_at is not None:
            if only_if_due:
                return None  # erased meanwhile (another run, or an operator)
            raise Conflict("This account is already erased.", code="erase.already")
        if only_if_due and (locked.deletion_due_at is None or locked.deletion_due_at > now):
            return None  # a log-in cancelled it while the job was on its way
        if operator is not None and locked.pk == operator.pk:
            raise Conflict("Delete your own account from your settings.", code="erase.own")
        companies = set(Position.objects.filter(member=locked).values_list("company_id", flat=True))
        former = connections_remove_all(member=locked)
        _delete_personal(locked)
        _keep_what_others_replied_to(locked)
        _tombstone(locked, now)
        audit_record(
            actor=operator,
            action="account.erase",
            target=f"member {locked.pk}",
            reason=reason or ("grace period over" if operator is None else ""),
            detail={"at_once": operator is not None},
        )
        transaction.on_commit(lambda: _recompute(former, companies))
    return locked


def _delete_personal(m: User) -> None:
    AccessToken.objects.filter(member=m).delete()
    # Others' notifications naming them go too (their stored text names them).
    Notification.objects.filter(Q(recipient=m) | Q(actor=m) | Q(other_actor=m)).delete()
    NotificationActor.objects.filter(actor=m).delete()
    NotificationPreferences.objects.filter(member=m).delete()
    KindPreference.objects.filter(member=m).delete()
    MutedThing.objects.filter(member=m).delete()
    EmailDay.objects.filter(member=m).delete()
    EmailSent.objects.filter(member=m).delete()
    MutedMentioner.objects.filter(Q(member=m) | Q(actor=m)).delete()
    Position.objects.filter(member=m).delete()
    InsightsOptOut.objects.filter(member=m).delete()
    CompanyFollow.objects.filter(member=m).delete()
    CompanyAdminClaim.objects.filter(member=m).delete()
    Education.objects.filter(member=m).delete()
    profile = Profile.objects.filter(member=m).first()
    if profile is not None:
        if profile.photo:
            storage, name = profile.photo.storage, profile.photo.name
            transaction.on_commit(lambda: storage.delete(name))
        profile.delete()
    QuotaSlot.objects.filter(member=m).delete()
    Standing.objects.filter(member=m).delete()
    Sanction.objects.filter(member=m).delete()
    InvitationPreferences.objects.filter(member=m).delete()
    Appeal.objects.filter(member=m).delete()
    Complaint.objects.filter(Q(member=m) | Q(reporter=m)).delete()
    Invitation.objects.filter(Q(sender=m) | Q(recipient=m)).delete()
    Invitation.objects.filter(mutual=m).update(mutual=None)
    ContactImport.objects.filter(owner=m).delete()
    ImportedContact.objects.filter(owner=m).delete()
    ContactMerge.objects.filter(owner=m).delete()
    JoinInvitation.objects.filter(sender=m).delete()
    MessagingPreferences.objects.filter(member=m).delete()
    GuardExemption.objects.filter(Q(member=m) | Q(sender=m)).delete()
    TrustScore.objects.filter(Q(member=m) | Q(other=m)).delete()
    # An introduction that passed through them cannot go on: it ends with them.
    Introduction.objects.filter(
        Q(requester=m) | Q(target=m) | Q(steps__member=m)
    ).distinct().delete()
    IntroductionStep.objects.filter(member=m).delete()
    # Their name leaves the groups' stored statistics (top contributors) at once: the
    # figures are dropped and the next visit or the hourly job computes them again.
    GroupStats.objects.filter(group_id__in=memberships_erase(member=m)).delete()
    Reaction.objects.filter(member=m).delete()
    _unmention(m)
    Mention.objects.filter(Q(member=m) | Q(by=m)).delete()
    PostShare.objects.filter(member=m).update(member=None)
    # Their views stay counted in others' statistics, but no longer as theirs: the key
    # is made anonymous and who they were (company, title, place) forgotten.
    anonymous = f"e{m.pk}"
    PostView.objects.filter(viewer_key=f"m{m.pk}").update(viewer_key=anonymous)
    PostViewer.objects.filter(viewer_key=f"m{m.pk}").update(
        viewer_key=anonymous, company="", title="", place=""
    )
    Influence.objects.filter(member=m).delete()
    InfluenceDay.objects.filter(member=m).delete()
    Dismissal.objects.filter(Q(member=m) | Q(dismissed=m)).delete()
    NetworkMap.objects.filter(member=m).delete()
    ClusterName.objects.filter(member=m).delete()
    CurrentEmployerPermission.objects.filter(Q(candidate=m) | Q(requester=m)).delete()
    ReferenceLookup.objects.filter(Q(candidate=m) | Q(requester=m)).delete()
    ReferenceOptOut.objects.filter(member=m).delete()
    for export in DataExport.objects.filter(member=m):
        if export.file:
            storage, name = export.file.storage, export.file.name
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))  # type: ignore[misc]
        export.delete()


def _unmention(m: User) -> None:
    """Others' posts and comments that name them lose the link (and its title, their
    name); the words stay, as when a member takes their name off."""
    now = timezone.now()
    live = Mention.objects.filter(member=m, removed_at=None).select_related("post", "comment")
    touched = list(live)
    live.update(removed_at=now)
    for mention in touched:
        if mention.comment is not None:
            mention.comment.body_html = rendered(post=mention.post, comment=mention.comment)
            mention.comment.save(update_fields=["body_html"])
        else:
            mention.post.body_html = rendered(post=mention.post, comment=None)
            mention.post.save(update_fields=["body_html"])


def _keep_what_others_replied_to(m: User) -> None:
    """Delete what nobody else took part in; keep the rest under the tombstone."""
    others_wrote = Message.objects.filter(conversation=OuterRef("pk")).exclude(sender=m)
    mine = Conversation.objects.filter(participants__member=m)
    mine.annotate(answered=Exists(others_wrote)).filter(answered=False).delete()
    Participant.objects.filter(member=m).delete()
    # Comments: kept when someone else replied; the rest go, newest first, so a reply of
    # theirs under a comment of theirs goes before it.
    others_replied = Comment.objects.filter(parent=OuterRef("pk")).exclude(author=m)
    Comment.objects.filter(author=m).annotate(answered=Exists(others_replied)).filter(
        answered=False
    ).delete()
    # Posts: kept when someone else commented or reposted (deleting the row would take
    # their repost with it).
    others_commented = Comment.objects.filter(post=OuterRef("pk")).exclude(author=m)
    others_reposted = Post.objects.filter(repost_of=OuterRef("pk")).exclude(author=m)
    Post.objects.filter(author=m).annotate(
        answered=Exists(others_commented) | Exists(others_reposted)
    ).filter(answered=False).delete()


def _tombstone(m: User, now: dt.datetime) -> None:
    handle, email = m.handle, m.email
    m.email = f"erased-{m.pk}@erased.invalid"
    m.display_name = FORMER_MEMBER
    m.handle = f"{ERASED_HANDLE_PREFIX}{m.pk}"
    if User.objects.filter(handle=m.handle).exclude(pk=m.pk).exists():
        # Chosen before the prefix was reserved: still unique, still nobody's name.
        m.handle = f"{ERASED_HANDLE_PREFIX}{m.pk}-{secrets.token_hex(3)}"
    m.password = make_password(None)  # unusable
    m.is_active = False
    m.is_operator = m.is_staff = m.is_superuser = False
    m.connections_visibility = ConnectionsVisibility.ONLY_ME
    m.email_visibility = EmailVisibility.ONLY_ME
    m.email_findable = EmailFindable.NOBODY
    m.requested_handle = ""
    m.sign_up_mailed_at = m.password_reset_mailed_at = m.last_login = None
    m.deletion_due_at = None
    m.awaiting_confirmation = False
    m.erased_at = now
    m.save()
    m.groups.clear()
    m.user_permissions.clear()
    # The audit log stays (accountability) without naming them.
    AuditEntry.objects.filter(actor=m).update(actor_label=FORMER_MEMBER)
    AuditEntry.objects.filter(target=f"member {m.pk} @{handle}").update(target=f"member {m.pk}")
    # Failed and successful log-ins recorded under their address.
    AccessAttempt.objects.filter(username__iexact=email).delete()
    AccessLog.objects.filter(username__iexact=email).delete()


def _recompute(former: list[int], companies: set[int]) -> None:
    from rapport.trust.tasks import trust_refresh_member

    for member_id in former:
        trust_refresh_member.enqueue(member_id)
    insights_refresh_later(*companies)


def erasures_due(*, now: dt.datetime | None = None) -> int:
    """Erase the accounts whose grace period is over. Idempotent: a member who logged in
    meanwhile is no longer due (the conditional cancel cleared the date)."""
    now = now or timezone.now()
    done = 0
    for pk in list(
        User.objects.filter(deletion_due_at__lte=now, erased_at=None).values_list("pk", flat=True)
    ):
        member = User.objects.filter(pk=pk).first()
        try:
            if member is not None and member_erase(member=member, now=now, only_if_due=True):
                done += 1
        except Exception:
            # One member who cannot be erased must not hold back the others: it is
            # logged for the operators and tried again at the next run.
            logger.exception("Could not erase member %s", pk)
    return done
