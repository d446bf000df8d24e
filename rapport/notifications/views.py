"""The notifications pages: the list (looking marks what was shown as seen), opening
one (reads it), everyone in a group, the filtered mentions, and the badge."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from rapport.core.ids import parse_ids
from rapport.core.pagination import page_number, paginate
from rapport.core.redirects import redirect_local
from rapport.notifications import kinds, selectors, services
from rapport.notifications.context_processors import badge_context
from rapport.notifications.kinds import Category
from rapport.notifications.models import Notification
from rapport.notifications.tiers import Tier

MUTABLE_CATEGORIES = frozenset({Category.POSTS, Category.MENTIONS, Category.GROUPS})


class Row:
    """One notification as the list shows it: its section, its links, and which quick
    controls make sense for it. Links are built by formatting, not `{% url %}` per row:
    the page renders twenty rows with several links each on every visit."""

    def __init__(self, notification: Notification, base: str, avatar: str) -> None:
        self.n = notification
        kind = kinds.get(notification.kind)
        self.kind_label = kind.label if kind else notification.kind
        self.can_turn_off = kind is not None and not kind.required
        # "Mute this post": only for notifications about posts (not an invitation).
        self.can_mute_thing = (
            self.can_turn_off
            and kind is not None
            and kind.category in MUTABLE_CATEGORIES
            and notification.target_type_id is not None
        )
        self.can_mute_mentioner = (
            kind is not None
            and kind.category == Category.MENTIONS
            and notification.actor_id is not None
        )
        self.has_controls = self.can_turn_off or self.can_mute_thing or self.can_mute_mentioner
        self.section = "Earlier" if notification.is_read else Tier(notification.tier).label
        self.base = f"{base}{notification.pk}/"
        actor = notification.actor
        self.avatar = avatar.replace("~handle~", actor.handle) if actor is not None else ""


def _rows(notifications: list[Notification]) -> list[Row]:
    base = reverse("notifications:list")
    avatar = reverse("members:avatar", args=["~handle~"])
    return [Row(n, base, avatar) for n in notifications]


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    member = request.user
    # A group that grows after this moment is news the member has not seen: only what
    # the page showed as it was is marked seen.
    read_at = timezone.now()
    page = paginate(
        selectors.notification_ids_for(recipient=member),  # type: ignore[arg-type]
        page=page_number(request.GET.get("page")),
        size=settings.RAPPORT["SEARCH_PAGE_SIZE"],
    )
    shown = selectors.notifications_in(page.items)
    # What this page showed is seen now, before the badge in its header is counted;
    # what is on other pages still counts.
    shown_unseen = [n.pk for n in shown if not n.is_seen]
    if shown_unseen:
        services.notifications_mark_seen(
            recipient=member,  # type: ignore[arg-type]
            ids=shown_unseen,
            shown_at=read_at,
        )
    page.items = _rows(shown)
    counts = selectors.counts_for(recipient=member)  # type: ignore[arg-type]
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "unread": counts["unread"],
            "filtered": counts["filtered"],
            **badge_context(counts["unseen"]),
        },
    )


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification: it is read now. Only one's own; the link stays on this site."""
    found = selectors.notification_of(recipient=request.user, notification_id=notification_id)  # type: ignore[arg-type]
    if found is None:
        raise Http404("No such notification.")
    services.notifications_mark_read(recipient=request.user, ids=[found.pk])  # type: ignore[arg-type]
    return redirect_local(request, found.url, "notifications:list")


@login_required
def notification_people(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Everyone a grouped notification stands for (opening the group reads it)."""
    found = selectors.notification_of(recipient=request.user, notification_id=notification_id)  # type: ignore[arg-type]
    if found is None:
        raise Http404("No such notification.")
    services.notifications_mark_read(recipient=request.user, ids=[found.pk])  # type: ignore[arg-type]
    page = paginate(
        selectors.group_actors(notification=found),
        page=page_number(request.GET.get("page")),
        size=50,
    )
    return render(request, "notifications/people.html", {"n": found, "page": page})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(recipient=request.user)  # type: ignore[arg-type]
    return redirect("notifications:list")


@login_required
def badge(request: HttpRequest) -> HttpResponse:
    """The header's bell, polled by htmx and refreshed after a quick control."""
    return render(
        request,
        "notifications/_badge.html",
        badge_context(selectors.unseen_count(recipient=request.user)),  # type: ignore[arg-type]
    )


@login_required
def filtered_list(request: HttpRequest) -> HttpResponse:
    """Mentions held back by the member's "mentions from" choice, to review."""
    member = request.user
    if request.method == "POST":
        ids = parse_ids(request.POST.getlist("ids"), limit=500)
        if request.POST.get("action") == "accept":
            done = services.filtered_accept(recipient=member, ids=ids)  # type: ignore[arg-type]
            messages.success(request, f"{done} moved to your notifications.")
        elif request.POST.get("action") == "dismiss_all":
            services.filtered_dismiss(recipient=member)  # type: ignore[arg-type]
            messages.success(request, "Filtered mentions cleared.")
        else:
            services.filtered_dismiss(recipient=member, ids=ids)  # type: ignore[arg-type]
            messages.success(request, "Dismissed.")
        return redirect("notifications:filtered")
    page = paginate(
        selectors.filtered_for(recipient=member),  # type: ignore[arg-type]
        page=page_number(request.GET.get("page")),
        size=settings.RAPPORT["SEARCH_PAGE_SIZE"],
    )
    return render(request, "notifications/filtered.html", {"page": page})
