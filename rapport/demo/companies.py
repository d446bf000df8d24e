"""The demo's company pages: the three companies most members work at now each get an
admin (their longest-serving member there, approved as an operator would), a logo drawn
here (no file is fetched), a few posts, and followers — so company pages, the feed and
the digest show what following a company brings. Deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q
from PIL import Image, ImageDraw

from rapport.accounts.models import User
from rapport.companies.admins import admin_claim, admin_claim_decide, company_logo_set
from rapport.companies.models import Company, Position
from rapport.companies.services import company_follow_set
from rapport.members.job_changes import job_change_tell_now
from rapport.posts.services import post_publish
from rapport.posts.services.company_posts import company_post_tell_now

COMPANIES = 3
# One member in this many of the newest starters told their network lately (each tells
# the member's connections and the company's followers).
JOB_CHANGE_EVERY = 50
FOLLOWERS_SHARE = 0.15
COLOURS = ("#1f5a85", "#2e7d4f", "#8a3b12")
POSTS = (
    "We are hiring two engineers for our platform team in {city}: write to any of us if "
    "you know someone who enjoys careful work.",
    "{name} turns ten this year. Thank you to everyone who worked here and stayed in touch.",
    "Open day at our {city} office next month: come and see what we build, no slides.",
)


@dataclass(frozen=True)
class CompaniesSummary:
    companies: int = 0
    followers: int = 0
    posts: int = 0
    job_changes: int = 0

    def line(self) -> str:
        return (
            f"{self.companies} company pages with an admin, a logo and {self.posts} posts; "
            f"{self.followers} follows; {self.job_changes} new positions told to networks"
        )


def _logo(name: str, colour: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (256, 256), colour)
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    ImageDraw.Draw(image).text((128, 128), initials, fill="white", anchor="mm", font_size=110)
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(f"{initials}.png", out.getvalue(), content_type="image/png")


def companies_load(*, seed: int, now: dt.datetime) -> CompaniesSummary:
    """Call inside the demo's notification history (followers are told as history)."""
    rng = random.Random(f"rapport-demo:{seed}:companies")
    busiest = list(
        Company.objects.annotate(staff=Count("positions", filter=Q(positions__is_current=True)))
        .filter(staff__gte=3)
        .order_by("-staff", "pk")[:COMPANIES]
    )
    members = list(User.objects.filter(is_active=True, is_staff=False).order_by("pk"))
    follows = posts = 0
    for index, company in enumerate(busiest):
        admin_position = (
            Position.objects.filter(company=company, is_current=True, member__is_active=True)
            .select_related("member")
            .order_by("started_on", "pk")
            .first()
        )
        if admin_position is None:
            continue
        admin = admin_position.member
        admin_claim_decide(claim=admin_claim(member=admin, company=company), approve=True, now=now)
        company_logo_set(member=admin, company=company, upload=_logo(company.name, COLOURS[index]))
        for member in rng.sample(members, max(1, int(len(members) * FOLLOWERS_SHARE))):
            if member.pk != admin.pk:
                company_follow_set(member=member, company=company, following=True)
                follows += 1
        city = company.location or "our city"
        for text in POSTS[: 2 + index % 2]:
            post = post_publish(
                author=admin,
                body=text.format(city=city, name=company.name),
                audience="members",
                company=company,
                now=now - dt.timedelta(hours=rng.randint(2, 24 * 20)),
            )
            # Told now, inside the history; the job queued on commit finds them told.
            company_post_tell_now(post_id=post.pk)
            posts += 1
    told = _job_changes_told(rng, now=now)
    return CompaniesSummary(
        companies=len(busiest), followers=follows, posts=posts, job_changes=told
    )


def _job_changes_told(rng: random.Random, *, now: dt.datetime) -> int:
    """The newest starters moved jobs lately — their start brought into the last two
    months — and told their network a few days after starting (the rest stayed quiet),
    so feeds and notifications have job changes to show."""
    told_ones = max(5, User.objects.filter(is_active=True).count() // JOB_CHANGE_EVERY)
    newest = list(
        Position.objects.filter(is_current=True, member__is_active=True)
        .select_related("member")
        .order_by("-started_on", "pk")[: told_ones * 3 // 2]
    )
    this_month = now.date().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    told = 0
    for position in rng.sample(newest, min(len(newest), told_ones)):
        started = max(position.started_on, rng.choice((last_month, this_month)))
        start = dt.datetime.combine(started, dt.time(9), tzinfo=dt.UTC)
        at = min(
            now - dt.timedelta(hours=rng.randint(1, 30)),
            start + dt.timedelta(days=rng.randint(1, 10)),
        )
        Position.objects.filter(pk=position.pk).update(started_on=started, announced_at=at)
        job_change_tell_now(member_id=position.member_id, position_id=position.pk)
        told += 1
    return told
