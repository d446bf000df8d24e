"""Pages that change something: write, edit, delete, react, comment, repost, share, report.

Each is a thin table from a form to a service; a refusal comes back as the service's
own message (a 4xx for htmx and the API), and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rapport.companies.selectors import company_by_slug
from rapport.core.errors import NotFound, RapportError
from rapport.core.ids import MAX_ID
from rapport.core.redirects import redirect_local
from rapport.posts import selectors, services
from rapport.posts.forms import (
    ArticleForm,
    CommentForm,
    PostForm,
    ReactionForm,
    ReportForm,
    RepostForm,
    SendForm,
)
from rapport.posts.models import Kind, ShareVia, State
from rapport.posts.selectors.mentionable import mentionable
from rapport.posts.views import _htmx, _me


def _post_url(post_id: int) -> str:
    return reverse("posts:detail", args=[post_id])


def _back(request: HttpRequest, default: str) -> HttpResponse:
    return redirect_local(request, request.POST.get("next", ""), default)


def _refused(request: HttpRequest, error: RapportError, default: str) -> HttpResponse:
    if isinstance(error, NotFound):
        raise Http404(error.message) from error
    if _htmx(request):
        return HttpResponse(error.message, status=error.status, content_type="text/plain")
    messages.error(request, error.message)
    return _back(request, default)


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    form = PostForm(request.POST)
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        messages.error(request, f"Not posted: {error}")
        return redirect("home")
    data = dict(form.cleaned_data)
    slug = data.pop("company", "")
    company = company_by_slug(slug) if slug else None
    back = redirect("companies:detail", slug) if company is not None else redirect("home")
    try:
        if slug and company is None:
            raise NotFound("No such company.", code="company.not_found")
        post = services.post_publish(author=_me(request), company=company, **data)
    except RapportError as error:
        messages.error(request, f"Not posted: {error.message}")
        return back
    messages.success(request, "Posted.")
    return redirect(f"{_post_url(post.pk)}")


@login_required
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    """Edit a post (its words and audience) or an article (its own editor)."""
    try:
        post = selectors.own_post(_me(request), post_id)
    except NotFound as error:
        raise Http404(error.message) from error
    if post.kind == Kind.ARTICLE:
        return article_edit(request, post_id)
    form = PostForm(request.POST or None, initial={"body": post.body, "audience": post.audience})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(author=_me(request), post_id=post.pk, **form.cleaned_data)
        except RapportError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, "Saved; readers see it marked “edited”.")
            return redirect("posts:detail", post.pk)
    return render(request, "posts/edit.html", {"form": form, "post": post})


@login_required
@require_POST
def delete(request: HttpRequest, post_id: int) -> HttpResponse:
    try:
        services.post_delete(author=_me(request), post_id=post_id)
    except RapportError as error:
        return _refused(request, error, "home")
    messages.success(request, "Deleted.")
    return redirect("home")


@login_required
def article_edit(request: HttpRequest, post_id: int | None = None) -> HttpResponse:
    """Write an article: save a draft as often as you like, then publish it."""
    me = _me(request)
    post = None
    if post_id is not None:
        try:
            post = selectors.own_post(me, post_id)
        except NotFound as error:
            raise Http404(error.message) from error
    initial = {"title": post.title, "body": post.body, "audience": post.audience} if post else {}
    form = ArticleForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.article_save(
                author=me,
                article_id=post.pk if post else None,
                title=data["title"],
                body=data["body"],
                audience=data["audience"],
                cover=data["cover"] or None,
                remove_cover=data["remove_cover"],
            )
            if "publish" in request.POST and saved.state == State.DRAFT:
                services.article_publish(author=me, article_id=saved.pk)
                messages.success(request, "Published.")
                return redirect("posts:detail", saved.pk)
        except RapportError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if saved.state == State.PUBLISHED:
                messages.success(request, "Saved; readers see it marked “edited”.")
                return redirect("posts:detail", saved.pk)
            messages.success(request, "Draft saved. Only you can see it until you publish it.")
            return redirect("posts:article_edit", saved.pk)
    return render(request, "posts/article_edit.html", {"form": form, "post": post})


@login_required
def repost(request: HttpRequest, post_id: int) -> HttpResponse:
    """Repost as is (one click) or with your own words (this page)."""
    try:
        original = selectors.post_for(_me(request), post_id)
    except NotFound as error:
        raise Http404(error.message) from error
    form = RepostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.repost_create(
                member=_me(request), original_id=original.pk, **form.cleaned_data
            )
        except RapportError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Reposted to your network.")
            return redirect("posts:detail", made.pk)
    card = selectors.cards_for(selectors.Audit.of(_me(request)), [original])[0]
    return render(request, "posts/repost.html", {"form": form, "card": card})


def _reaction_bar(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_for(_me(request), post_id)
    card = selectors.cards_for(selectors.Audit.of(_me(request)), [post])[0]
    return render(request, "posts/_reactions.html", {"card": card})


@login_required
@require_POST
def react(request: HttpRequest, post_id: int) -> HttpResponse:
    form = ReactionForm(request.POST)
    try:
        if request.POST.get("remove"):
            services.reaction_remove(member=_me(request), post_id=post_id)
        elif form.is_valid():
            services.reaction_set(
                member=_me(request), post_id=post_id, kind=form.cleaned_data["kind"]
            )
        else:
            return HttpResponse("Pick one of the reactions.", status=400, content_type="text/plain")
    except RapportError as error:
        return _refused(request, error, _post_url(post_id))
    if _htmx(request):
        return _reaction_bar(request, post_id)
    return _back(request, _post_url(post_id))


@login_required
@require_POST
def comment(request: HttpRequest, post_id: int) -> HttpResponse:
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a comment first (at most 1,250 characters).")
        return redirect(f"{_post_url(post_id)}#comments")
    try:
        made = services.comment_add(
            member=_me(request),
            post_id=post_id,
            body=form.cleaned_data["body"],
            parent_id=form.cleaned_data["parent"],
        )
    except RapportError as error:
        return _refused(request, error, f"{_post_url(post_id)}#comments")
    return redirect(f"{_post_url(post_id)}#comment-{made.pk}")


COMMENT_ACTIONS: dict[str, Callable[..., Any]] = {
    "delete": lambda me, pk, post: services.comment_delete(member=me, comment_id=pk),
    "edit": lambda me, pk, post: services.comment_edit(
        member=me, comment_id=pk, body=post.get("body", "")
    ),
    # A group's managers take a comment off one of the group's posts.
    "remove": lambda me, pk, post: services.group_comment_remove(manager=me, comment_id=pk),
}
SAID = {"delete": "Comment deleted.", "edit": "Comment saved.", "remove": "Comment removed."}


@login_required
@require_POST
def comment_change(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    if action not in COMMENT_ACTIONS:
        raise Http404("No such action.")
    raw = request.POST.get("post", "")
    # Only where to go back to: anything but a plain id goes home rather than failing.
    default = (
        _post_url(int(raw))
        if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID
        else reverse("home")
    )
    try:
        COMMENT_ACTIONS[action](_me(request), comment_id, request.POST)
    except RapportError as error:
        return _refused(request, error, default)
    messages.success(request, SAID[action])
    return _back(request, f"{default}#comments")


@login_required
@require_POST
def share(request: HttpRequest, post_id: int) -> HttpResponse:
    """Count a copied link (the page's "Copy link" button posts here)."""
    try:
        services.share_record(member=_me(request), post_id=post_id, via=ShareVia.LINK)
    except RapportError as error:
        return _refused(request, error, _post_url(post_id))
    return HttpResponse(status=204)


@login_required
def send(request: HttpRequest, post_id: int) -> HttpResponse:
    """Send a post to one of your connections in a message; counted as a share."""
    me = _me(request)
    try:
        post = selectors.post_for(me, post_id)
    except NotFound as error:
        raise Http404(error.message) from error
    form = SendForm(me, request.POST or None)
    if request.method == "POST" and form.is_valid():
        link = request.build_absolute_uri(_post_url(post.pk))
        try:
            services.post_send(
                member=me,
                post_id=post.pk,
                recipient=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                link=link,
                send_anyway=form.cleaned_data["send_anyway"],
            )
        except RapportError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Sent to {form.cleaned_data['to'].display_name}.")
            return redirect("posts:detail", post.pk)
    return render(request, "posts/send.html", {"form": form, "post": post})


def _report(request: HttpRequest, *, post_id: int, comment_id: int | None) -> HttpResponse:
    try:
        post = selectors.post_for(_me(request), post_id)
    except NotFound as error:
        raise Http404(error.message) from error
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if comment_id is None:
                services.post_report(reporter=_me(request), post_id=post.pk, **form.cleaned_data)
            else:
                services.comment_report(
                    reporter=_me(request), comment_id=comment_id, **form.cleaned_data
                )
        except RapportError as error:
            return _refused(request, error, _post_url(post.pk))
        messages.success(
            request,
            "Thank you. The moderators will look at it; the author is not told who reported it.",
        )
        return redirect("posts:detail", post.pk)
    return render(
        request, "posts/report.html", {"form": form, "post": post, "comment_id": comment_id}
    )


@login_required
def report(request: HttpRequest, post_id: int) -> HttpResponse:
    return _report(request, post_id=post_id, comment_id=None)


@login_required
def report_comment(request: HttpRequest, post_id: int, comment_id: int) -> HttpResponse:
    return _report(request, post_id=post_id, comment_id=comment_id)


@login_required
@require_POST
def mention_remove(request: HttpRequest, mention_id: int) -> HttpResponse:
    try:
        services.mention_remove(member=_me(request), mention_id=mention_id)
    except RapportError as error:
        return _refused(request, error, "notifications:list")
    messages.success(request, "Your name is off it: the mention is plain text now.")
    return _back(request, "home")


@login_required
def mention_suggestions(request: HttpRequest) -> JsonResponse:
    """Whom the member may mention, for the composer's @ autocomplete."""
    rows = mentionable(
        _me(request),
        request.GET.get("q", ""),
        connections_only=request.GET.get("audience") == "connections",
    )
    return JsonResponse({"members": rows})
