"""The demo's company pages: admins, logos, posts and followers, told as history."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from rapport.companies.admins import is_company_admin
from rapport.companies.models import Company, CompanyFollow
from rapport.notifications.models import Notification
from rapport.posts.models import Post
from rapport.posts.selectors import feed_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_the_busiest_companies_have_an_admin_a_logo_posts_and_followers():
    out = StringIO()
    call_command("demo", members=120, seed=7, stdout=out)
    assert "company pages with an admin, a logo and" in out.getvalue()
    pages = list(Company.objects.exclude(logo=""))
    assert len(pages) == 3
    for company in pages:
        posts = list(Post.objects.filter(company=company).select_related("author"))
        assert len(posts) >= 2
        assert all(is_company_admin(member=p.author, company=company) for p in posts)
        follower = CompanyFollow.objects.filter(company=company).select_related("member").first()
        assert follower is not None
        shown = {card.post.pk for card in feed_page(follower.member).cards}
        assert shown & {p.pk for p in posts}
    told = Notification.objects.filter(kind="posts.company_posted")
    assert told.exists() and not told.filter(emailed_at__isnull=False).exists()
    assert mail.outbox == []
