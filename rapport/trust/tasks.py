"""Background work for trust. Each task recomputes from the facts, so running it twice,
or after the facts changed again, leaves the right answer."""

from __future__ import annotations

from django_tasks import task

from rapport.accounts.models import User
from rapport.network.selectors import connected_ids
from rapport.trust.services.scores import trust_recompute


@task()
def trust_refresh_pair(a_id: int, b_id: int) -> int:
    """Both views of one connection. Changes now mark the pair stale for `trust_drain`
    instead; kept so that jobs queued before that change still run."""
    written = 0
    for member, other in ((a_id, b_id), (b_id, a_id)):
        found = User.objects.filter(pk=member).first()
        if found is not None:
            written += trust_recompute(member=found, others=[other])
    return written


@task()
def trust_drain() -> int:
    """Recompute every pair marked stale (services.refresh); at most one waits queued."""
    from rapport.trust.services.refresh import trust_drain_stale

    return trust_drain_stale()


@task()
def trust_refresh_about(member_id: int) -> int:
    """Every connection's view of one member: after a report against them, a change in
    their standing or their profile and history."""
    written = 0
    for viewer in User.objects.filter(pk__in=connected_ids(member_id)).iterator():
        written += trust_recompute(member=viewer, others=[member_id])
    return written


@task()
def trust_refresh_member(member_id: int) -> int:
    """The member's own view of all their connections, and theirs of the member: after
    a change to the member's work history or schools, which both sides share."""
    found = User.objects.filter(pk=member_id).first()
    if found is None:
        return 0
    return trust_recompute(member=found) + trust_refresh_about.call(member_id)


@task()
def introductions_housekeeping() -> int:
    """Time out hops that did not answer in time; idempotent (run hourly from cron)."""
    from rapport.trust.services.introductions import introductions_expire

    return introductions_expire()
