"""Every page in the URL conf, walked with absurd page numbers and ids: none answers 500.

The routes come from the URL conf itself, so a page added later is walked too; its
path parameters are filled from a small cast (ada, ben, chidi and what they made),
and an int parameter is also tried with ids no database row can have. The API is
left to schemathesis (tests/test_api_fuzz.py); the admin has a walk of its own, as a
superuser, with the admin's own page parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import token_create
from rapport.companies.services import position_add
from rapport.contacts.models import ContactMerge
from rapport.contacts.tests.factories import imported, sample
from rapport.contacts.views import IMPORT_ACTIONS as CONTACTS_IMPORT_ACTIONS
from rapport.conversations.services import message_send
from rapport.conversations.tests.factories import connect
from rapport.conversations.views_actions import CONVERSATION_ACTIONS, MESSAGE_ACTIONS
from rapport.dataexport.models import DataExport
from rapport.invitations.models import Appeal
from rapport.invitations.services import invitation_message_add, invitation_send
from rapport.invitations.views import ACTIONS as INVITATION_ACTIONS
from rapport.limits.services import sanction_impose
from rapport.members.services import education_add
from rapport.notifications.services import notification_send
from rapport.posts.models import Mention
from rapport.posts.services import comment_add, post_publish
from rapport.posts.views_write import COMMENT_ACTIONS
from rapport.trust.tests.factories import ask
from rapport.trust.views_introductions import ACTIONS as INTRODUCTION_ACTIONS

pytestmark = pytest.mark.django_db

FIVE_THOUSAND_DIGITS = "9" * 5000
ABSURD_PAGES = ["9223372036854775807", "-1", "0", "abc", "²", FIVE_THOUSAND_DIGITS]
ABSURD_IDS = ["²", "9223372036854775808", "-1", "0", "1.5", FIVE_THOUSAND_DIGITS]
# Ids in a path: the int converter takes digits only, so these are the digit-only absurdities.
ABSURD_PATH_IDS = ["9223372036854775807", "9223372036854775808", "0", FIVE_THOUSAND_DIGITS]
SKIPPED = ("admin/", "api/")  # the admin is walked by its own test
PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def routes(
    patterns: list[URLPattern | URLResolver], prefix: str = "", skipped: tuple[str, ...] = SKIPPED
) -> Iterator[str]:
    """Every route in the URL conf as text, e.g. `invitations/<id:invitation_id>/`."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(skipped):
            continue
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route, skipped)
        elif "^" not in route:  # the admin's few regex routes cannot be filled in
            yield route


def fill(route: str, values: dict[str, list[str]]) -> list[str]:
    """The route with every parameter replaced by each of its values (all combinations)."""
    match = PARAM.search(route)
    if match is None:
        return ["/" + route]
    name = match["name"]
    assert name in values, f"add a value for <{name}> so {route} is walked"
    return [
        url
        for value in values[name]
        for url in fill(route[: match.start()] + value + route[match.end() :], values)
    ]


@pytest.fixture
def cast(ada, ben, chidi) -> dict[str, list[str]]:
    """A small world in which every route parameter names something real."""
    User.objects.filter(pk=ada.pk).update(is_operator=True)
    connect(ada, ben, days_ago=200)
    connect(ben, chidi, days_ago=200)
    position = position_add(
        member=ada,
        company_name="Engines Ltd",
        title="Analyst",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    education = education_add(member=ada, school_name="University of London", start_year=2001)
    token = token_create(member=ada, name="walk").token
    invitation = invitation_send(sender=chidi, recipient=ada, note="")
    invitation_message_add(
        member=ada, invitation_id=invitation.pk, text="How do we know each other?"
    )
    message = message_send(sender=ada, recipient=ben, text="Ben, the slides from Tuesday.")
    appeal = Appeal.objects.create(member=chidi, text="I was restricted by mistake.")
    ada.refresh_from_db()  # now an operator
    warning = sanction_impose(operator=ada, member=chidi, kind="warning", reason="Be kinder.")
    introduction = ask(ada, chidi, [ada, ben, chidi])
    notification = notification_send(recipient=ada, kind="system.welcome")
    assert notification is not None
    contacts_import = imported(ada, sample("linkedin_2016.csv"))  # with one merge
    merge = ContactMerge.objects.get(owner=ada)
    post = post_publish(author=ben, body="Slides from Tuesday, @ada")
    comment = comment_add(member=ben, post_id=post.pk, body="and the notes, @ada")
    mention = Mention.objects.filter(member=ada).first()
    assert mention is not None
    # Ben's copy of his data: ada's requests must not reach it.
    export = DataExport.objects.create(
        member=ben, requested_on=dt.date.today(), created_at=timezone.now()
    )
    return {
        "handle": ["ben", "nobody"],
        "slug": ["engines-ltd", "nowhere"],
        "position_id": [str(position.pk)],
        "education_id": [str(education.pk)],
        "token_id": [str(token.pk)],
        "invitation_id": [str(invitation.pk)],
        "conversation_id": [str(message.conversation_id)],
        "message_id": [str(message.pk)],
        "appeal_id": [str(appeal.pk)],
        "sanction_id": [str(warning.pk)],
        "pk": [str(warning.pk), str(appeal.pk)],  # the console's appeals, of either kind
        "kind": ["decision", "standing", "nothing"],
        "introduction_id": [str(introduction.pk)],
        "notification_id": [str(notification.pk)],
        "import_id": [str(contacts_import.pk)],
        "merge_id": [str(merge.pk)],
        "requester_id": [str(ben.pk)],
        "post_id": [str(post.pk)],
        "comment_id": [str(comment.pk)],
        "mention_id": [str(mention.pk)],
        "export_id": [str(export.pk)],
        "reference": [str(post.pk)],  # moderation: the reported thing
        "source": [
            "post",
            "comment",
            "nothing",
        ],  # references: answering a request to see an employer
        "uidb64": ["MQ", "²"],
        "token": ["set-password", "abc"],
        "action": sorted(
            {
                *INVITATION_ACTIONS,
                *CONVERSATION_ACTIONS,
                *MESSAGE_ACTIONS,
                *INTRODUCTION_ACTIONS,
                *CONTACTS_IMPORT_ACTIONS,
                *COMMENT_ACTIONS,
            }
        ),
    }


def walk(member: User, urls: list[str], pages: list[str], ids: list[str]) -> list[str]:
    """GET and POST each url with absurd values in every numeric field a page reads, each
    page number paired with an id."""
    client = Client(raise_request_exception=False)
    client.force_login(member)
    failures = []
    for url in urls:
        for page, id_ in zip(pages, ids, strict=True):
            # `q` makes the search page search, so its page number is used.
            params = {"q": "ben", "page": page, "after": id_, "ids": id_, "id": id_}
            # and the forms' own numbers, so their bounds are walked too
            params |= {"days": page, "start_year": page, "end_year": page}
            for method in (client.get, client.post):
                response = method(url, params)
                # /readyz answers 503 by design when the site is not ready (here: the walk
                # outlasts the graph index's minute of allowed lag); that is its answer,
                # not a server error.
                not_ready = url.rstrip("/").endswith("readyz") and response.status_code == 503
                if response.status_code >= 500 and not not_ready:
                    shown = re.sub(r"[0-9]{30,}", "<many digits>", f"{url} {page[:25]!r}")
                    failures.append(f"{method.__name__.upper()} {shown} ids={id_[:25]!r}")
                if not response.wsgi_request.user.is_authenticated:  # the url logged out
                    client.force_login(member)
    return failures


def test_the_walk_reaches_every_kind_of_page():
    walked = list(routes(get_resolver().url_patterns))
    assert {
        "search/",
        "notifications/",
        "in/<str:handle>/connections/",
        "companies/<slug:slug>/",
        "invitations/ignore/",
        "messages/<id:conversation_id>/poll/",
    } <= set(walked)
    assert len(walked) > 50


def test_no_page_answers_absurd_page_numbers_or_ids_with_a_server_error(ada, cast):
    urls = [url for route in routes(get_resolver().url_patterns) for url in fill(route, cast)]
    assert walk(ada, urls, ABSURD_PAGES, ABSURD_IDS) == []


def test_no_page_answers_absurd_path_ids_with_a_server_error(ada, cast):
    int_routes = [r for r in routes(get_resolver().url_patterns) if re.search(r"<(int|id):", r)]
    failures = []
    for absurd in ABSURD_PATH_IDS:
        absurd_ids = {name: [absurd] if name.endswith("_id") else v for name, v in cast.items()}
        urls = [url for route in int_routes for url in fill(route, absurd_ids)]
        failures += walk(ada, urls, ["1"], ["1"])
    assert failures == []


@pytest.mark.parametrize("bad", ["²", FIVE_THOUSAND_DIGITS, "9223372036854775808", "0", "x"])
def test_ignoring_a_bad_id_is_a_400_that_ignores_nothing(client, ada, chidi, bad):
    invitation = invitation_send(sender=chidi, recipient=ada, note="")
    client.force_login(ada)
    response = client.post("/invitations/ignore/", {"ids": [str(invitation.pk), bad]})
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.state == "pending"


@pytest.mark.parametrize("bad", ["²", "-1", "abc"])
def test_polling_after_a_bad_message_id_is_a_400(client, ada, ben, bad):
    connect(ada, ben)
    message = message_send(sender=ada, recipient=ben, text="Ben, the slides from Tuesday.")
    client.force_login(ada)
    poll = f"/messages/{message.conversation_id}/poll/"
    assert client.get(poll, {"after": "0"}).status_code == 200
    assert client.get(poll, {"after": bad}).status_code == 400


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/search/?q=ben", "page"),
        ("/notifications/", "page"),
        ("/in/ben/connections/", "page"),
        ("/companies/engines-ltd/", "staff"),
        ("/trust/", "page"),
    ],
)
@pytest.mark.parametrize("asked", ["9223372036854775807", "999"])
def test_a_page_past_the_end_shows_the_last_page(client, ada, cast, url, name, asked):
    client.force_login(ada)
    response = client.get(url + ("&" if "?" in url else "?") + f"page={asked}")
    page = response.context[name]
    assert response.status_code == 200
    assert page.number == page.pages and (page.items or page.total == 0)


def test_no_admin_page_answers_absurd_page_numbers_or_ids_with_a_server_error(ada, cast):
    User.objects.filter(pk=ada.pk).update(is_superuser=True)
    admin_routes = [
        r for r in routes(get_resolver().url_patterns, skipped=("api/",)) if r.startswith("admin/")
    ]
    values = {
        **cast,
        "object_id": ["1", "²", "9223372036854775808", FIVE_THOUSAND_DIGITS],
        "content_type_id": ["1", "²"],
        "id": ["1", "²"],
        "url": ["x"],
    }
    urls = [url for route in admin_routes for url in fill(route, values)]
    client = Client(raise_request_exception=False)
    client.force_login(ada)
    failures = []
    for url in urls:
        for page in ABSURD_PAGES:
            # The admin's page parameter is `p`; `q` searches where a list can.
            response = client.get(url, {"p": page, "page": page, "q": "ben"})
            if response.status_code >= 500:
                failures.append(re.sub(r"[0-9]{30,}", "<many digits>", f"{url} {page[:25]!r}"))
    assert len(admin_routes) > 20
    assert failures == [], "\n".join(failures)
