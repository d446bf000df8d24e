"""Pages for reading: the home feed, a post or article, a member's activity, drafts.

Every page that shows posts queues their views in one call (`views_enqueue`) and does
not wait for it; the statistics are the worker's business.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from rapport.accounts.models import User
from rapport.companies.admins import is_company_admin
from rapport.companies.selectors import company_by_slug
from rapport.core.errors import NotFound
from rapport.core.pagination import page_number, paginate
from rapport.groups import selectors as groups
from rapport.members import selectors as members
from rapport.posts import selectors
from rapport.posts.forms import CommentForm, PostForm
from rapport.posts.models import Kind
from rapport.posts.selectors.activity import KINDS, company_posts
from rapport.posts.selectors.search import search_posts
from rapport.posts.stats.recording import views_enqueue

FEED_PAGE = 20


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _htmx(request: HttpRequest) -> bool:
    """Whether htmx asked (django-htmx's middleware sets `request.htmx`)."""
    return bool(getattr(request, "htmx", False))


def _cursor(raw: str | None) -> float | None:
    try:
        value = float(raw) if raw else None
    except ValueError:
        return None
    return value if value is not None and 0 < value < 1e11 else None


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: what Rapport is. Signed in: the feed, a composer and one's summary."""
    if not request.user.is_authenticated:
        return render(request, "members/landing.html")
    me = _me(request)
    feed = selectors.feed_page(me, size=FEED_PAGE)
    views_enqueue(request=request, post_ids=selectors.shown_ids(feed.cards), source="feed")
    return render(
        request,
        "posts/home.html",
        {
            "feed": feed,
            "form": PostForm(),
            "page": members.home_summary(me),
            "drafts_count": selectors.drafts_count(me),
        },
    )


@login_required
def feed_more(request: HttpRequest) -> HttpResponse:
    """The next page of the feed ("load more"), as a fragment for htmx or a page without."""
    cursor = _cursor(request.GET.get("cursor"))
    feed = selectors.feed_page(_me(request), cursor=cursor, size=FEED_PAGE)
    views_enqueue(request=request, post_ids=selectors.shown_ids(feed.cards), source="feed")
    template = "posts/_feed_items.html" if _htmx(request) else "posts/feed_more.html"
    return render(request, template, {"feed": feed})


def _source(request: HttpRequest) -> str:
    given = request.GET.get("from")
    if given:
        return given
    referrer = request.headers.get("Referer", "")
    if referrer and urlsplit(referrer).netloc not in {"", request.get_host()}:
        return "external"
    return "post"


def detail(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post or article with its comments. Public ones can be read signed out."""
    viewer = _me(request) if request.user.is_authenticated else None
    try:
        post = selectors.post_for(viewer, post_id)
    except NotFound as error:
        raise Http404(str(error)) from error
    card = selectors.cards_for(selectors.Audit.of(viewer), [post])[0]
    shown = card.target or post
    if post.author_id != getattr(viewer, "pk", None):
        views_enqueue(
            request=request,
            post_ids=selectors.shown_ids([card], except_author=getattr(viewer, "pk", None)),
            source=_source(request),
        )
    response = render(
        request,
        "posts/article.html" if post.kind == Kind.ARTICLE else "posts/detail.html",
        {
            "card": card,
            "post": post,
            "comments": selectors.comment_threads(viewer, shown) if viewer else [],
            "comment_form": CommentForm(),
            "my_mentions": selectors.mentions_of(viewer, shown) if viewer else [],
            # A group's managers may take any comment off the group's posts.
            "group_manager": bool(
                viewer and shown.group is not None and groups.manages(viewer, shown.group)
            ),
        },
    )
    return response


@login_required
def activity(request: HttpRequest, handle: str) -> HttpResponse:
    """A member's posts, articles or comments, as the viewer may see them."""
    author = members.member_by_handle(handle)
    if author is None:
        raise Http404("No member with that handle.")
    show = request.GET.get("show", "posts")
    if show not in KINDS:
        show = "posts"
    found = selectors.activity_of(_me(request), author, show=show, limit=30)
    views_enqueue(
        request=request,
        post_ids=selectors.shown_ids(found.cards, except_author=request.user.pk),
        source="profile",
    )
    template = "posts/_activity_panel.html" if _htmx(request) else "posts/activity.html"
    return render(
        request,
        template,
        {
            "author": author,
            "show": show,
            "activity": found,
            "kinds": KINDS,
            "compact": _htmx(request),
        },
    )


@login_required
def company(request: HttpRequest, slug: str) -> HttpResponse:
    """The company's posts: on its page (loaded by it, with a composer for its admins) or
    on their own page, all of them a page at a time."""
    found = company_by_slug(slug)
    if found is None:
        raise Http404("No such company.")
    me = _me(request)
    page = company_posts(me, found, page=page_number(request.GET.get("page")))
    views_enqueue(
        request=request,
        post_ids=selectors.shown_ids(page.items, except_author=me.pk),
        source="company",
    )
    may_post = is_company_admin(member=me, company=found)
    return render(
        request,
        "posts/_company_posts.html" if _htmx(request) else "posts/company.html",
        {
            "company": found,
            "page": page,
            "form": PostForm(initial={"company": found.slug}) if may_post else None,
            "compact": _htmx(request),
        },
    )


@login_required
def drafts(request: HttpRequest) -> HttpResponse:
    return render(request, "posts/drafts.html", {"drafts": selectors.drafts_of(_me(request))})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Posts and articles by their words (what the searcher may see, nothing more)."""
    me = _me(request)
    query = request.GET.get("q", "").strip()[:200]
    found = paginate(
        search_posts(me, query), page=page_number(request.GET.get("page")), size=FEED_PAGE
    )
    cards = selectors.cards_for(selectors.Audit.of(me), list(found.items))
    views_enqueue(request=request, post_ids=selectors.shown_ids(cards), source="search")
    return render(
        request,
        "posts/search.html",
        {"q": query, "q_encoded": urlencode({"q": query})[2:], "found": found, "cards": cards},
    )


@cache_control(private=True, max_age=3600)
def cover(request: HttpRequest, post_id: int) -> HttpResponseBase:
    """An article's cover, for whoever may read the article (public ones signed out too).

    Covers are not served from the media folder: a connections-only article's cover is as
    private as its words.
    """
    viewer = _me(request) if request.user.is_authenticated else None
    try:
        post = selectors.post_for(viewer, post_id)
    except NotFound as error:
        raise Http404(str(error)) from error
    if not post.cover:
        raise Http404("This article has no cover.")
    try:
        return FileResponse(post.cover.open("rb"))
    except FileNotFoundError as error:  # replaced a moment ago
        raise Http404("This article has no cover.") from error
