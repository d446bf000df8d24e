"""The moderation console in a real browser: an operator removes a reported post and
decides a restriction appeal, and the member reads the decision and how to appeal."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.invitations import services as invitations
from rapport.posts import services as posts
from rapport.posts.models import Post, State
from rapport.posts.tests.factories import connect
from tests.browser.test_posts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_handles_a_reported_post_and_a_restriction_appeal(page, shot):
    olga = make_member("olga", "Olga Operator")
    User.objects.filter(pk=olga.pk).update(is_operator=True)
    ada = make_member("ada", "Ada Mensah")
    ben = make_member("ben", "Ben Castillo")
    connect(ada, ben)
    post = posts.post_publish(author=ada, body="Buy my course: 90% off, today only!")
    posts.post_report(reporter=ben, post_id=post.pk, reason="scam")
    # Sam's invitations drew five "I don't know this person": restricted, he appeals.
    sam = make_member("sam", "Sam Spammer")
    for i in range(5):
        person = make_member(f"r{i}", f"R Person{i}")
        sent = invitations.invitation_send(sender=sam, recipient=person)
        invitations.invitation_decline(member=person, invitation_id=sent.pk)
    appeal = invitations.appeal_submit(member=sam, text="I met them all at the careers fair.")

    log_in(page, "olga")
    page.get_by_test_id("nav-operators").first.click()
    report = page.get_by_test_id(f"report-post-{post.pk}")
    expect(report).to_contain_text("Buy my course")
    expect(report).to_contain_text("scam ×1")
    shot("98-moderation-console")
    report.get_by_role("checkbox").check()
    page.select_option("#action", "remove")
    page.fill("#reason", "Selling a course to your network is spam here.")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text(f"Done for 1: post:{post.pk}")).to_be_visible()
    expect(page.get_by_test_id(f"report-post-{post.pk}")).to_have_count(0)
    assert Post.objects.get(pk=post.pk).state == State.DELETED

    standing = page.get_by_test_id(f"appeal-standing-{appeal.pk}")
    expect(standing).to_contain_text("careers fair")
    standing.get_by_label("Answer to the member").fill("Fair enough; write a note next time.")
    standing.get_by_role("button", name="Accept and lift").click()
    expect(page.get_by_text("The appeal is decided and the member told.")).to_be_visible()
    appeal.refresh_from_db()
    assert appeal.state == "accepted"

    page.goto("/operators/audit/")
    expect(page.get_by_test_id("audit")).to_contain_text("post.take_down")
    expect(page.get_by_test_id("audit")).to_contain_text("appeal.accept")

    # Ada reads what happened and how to appeal, in plain words.
    page.context.clear_cookies()
    log_in(page, "ada")
    page.goto("/moderation/")
    expect(page.get_by_text("Selling a course to your network is spam here.")).to_be_visible()
    expect(page.get_by_role("button", name="Send my appeal")).to_be_visible()
    shot("99-moderation-decision")
