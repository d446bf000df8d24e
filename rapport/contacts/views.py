"""Pages: upload, preview (merges and matches), confirm with a progress bar, the list, export."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.contacts import selectors, services
from rapport.contacts.forms import ExportForm, UploadForm
from rapport.contacts.models import ContactImport, ImportState
from rapport.contacts.parsing import MAX_BYTES
from rapport.contacts.writing import MEDIA, WRITERS
from rapport.core.errors import NotFound, RapportError
from rapport.core.ids import parse_ids
from rapport.core.pagination import page_number, paginate

PAGE_SIZE = 50
MERGES_SHOWN = 20  # on the contacts page; every merge is on the merges page
PREVIEW_ROWS = 100  # the preview shows the first hundred; the counts cover them all
POLL_SECONDS = 1
FORMAT_LABELS = {
    "linkedin": "LinkedIn",
    "google": "Google Contacts",
    "outlook": "Outlook",
    "vcard": "vCard",
}


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _import_or_404(request: HttpRequest, import_id: int) -> ContactImport:
    try:
        return selectors.import_for(_me(request), import_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    status = request.GET.get("status", "")
    status = status if status in selectors.STATUS_LABELS else ""
    query = request.GET.get("q", "").strip()[:100]
    every = selectors.contact_rows(me, query=query)
    rows = [r for r in every if r.status == status] if status else every
    page = paginate(rows, page=page_number(request.GET.get("page")), size=PAGE_SIZE)
    active = list(
        selectors.imports_of(me).filter(state__in=[ImportState.PARSING, ImportState.IMPORTING])[:3]
    )
    return render(
        request,
        "contacts/list.html",
        {
            "page": page,
            "status": status,
            "q": query,
            "counts": selectors.status_counts(every),
            "labels": selectors.STATUS_LABELS,
            "pager_query": urlencode({k: v for k, v in (("status", status), ("q", query)) if v}),
            "active": active,
            "merges": list(selectors.merges_of(me)[:MERGES_SHOWN]),
            "merges_total": selectors.merges_of(me).count(),
            "can_now": selectors.invitations_left(me),
            "joins_per_week": selectors.joins_per_week(),
            "section": "contacts",
        },
    )


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", f"The file is over {MAX_BYTES // 1048576} MB; split it first.")
        else:
            try:
                started = services.import_start(
                    owner=_me(request), file_name=upload.name, data=upload.read()
                )
            except RapportError as exc:
                form.add_error("file", exc.message)  # a line number is in the message
                return render(
                    request, "contacts/import.html", {"form": form, "code": exc.code}, status=400
                )
            return redirect("contacts:preview", import_id=started.pk)
        return render(request, "contacts/import.html", {"form": form}, status=400)
    recent = list(selectors.imports_of(_me(request))[:10])
    return render(
        request, "contacts/import.html", {"form": form, "recent": recent, "section": "contacts"}
    )


@login_required
def import_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    me = _me(request)
    found = _import_or_404(request, import_id)
    context: dict[str, object] = {
        "imp": found,
        "poll_seconds": POLL_SECONDS,
        "section": "contacts",
        "format_label": FORMAT_LABELS.get(found.format, ""),
    }
    preview = selectors.import_preview(me, found, rows=PREVIEW_ROWS)
    if preview is not None:
        context.update(
            rows=preview.rows,
            counts=preview.counts,
            merged_total=preview.total,
            labels=selectors.STATUS_LABELS,
        )
    return render(request, "contacts/preview.html", context)


@login_required
def import_progress(request: HttpRequest, import_id: int) -> HttpResponse:
    """The htmx poll: the bar while a job runs; once it is done, the page reloads itself."""
    found = _import_or_404(request, import_id)
    response = render(
        request, "contacts/_progress.html", {"imp": found, "poll_seconds": POLL_SECONDS}
    )
    if found.state not in (ImportState.PARSING, ImportState.IMPORTING):
        response["HX-Refresh"] = "true"
    return response


IMPORT_ACTIONS = {"confirm": services.import_confirm, "cancel": services.import_cancel}


@login_required
@require_POST
def import_action(request: HttpRequest, import_id: int, action: str) -> HttpResponse:
    if action not in IMPORT_ACTIONS:
        raise Http404("No such action.")
    try:
        found = IMPORT_ACTIONS[action](owner=_me(request), import_id=import_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except RapportError as exc:
        messages.error(request, exc.message)
        return redirect("contacts:preview", import_id=import_id)
    if action == "cancel":
        messages.success(request, "Import cancelled; nothing of it is in your contacts.")
        return redirect("contacts:import")
    if found.state == ImportState.DONE:
        messages.success(
            request, f"Imported: {found.added} new, {found.merged} merged into contacts you had."
        )
        return redirect("contacts:list")
    return redirect("contacts:preview", import_id=import_id)


@login_required
def merge_list(request: HttpRequest) -> HttpResponse:
    """Every merge, newest first, each undoable (the contacts page shows the newest)."""
    page = paginate(
        selectors.merges_of(_me(request)), page=page_number(request.GET.get("page")), size=PAGE_SIZE
    )
    return render(request, "contacts/merges.html", {"page": page, "section": "contacts"})


@login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    try:
        restored = services.merge_undo(owner=_me(request), merge_id=merge_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    messages.success(request, f"Separated again: {restored.name} is its own contact.")
    back = request.POST.get("next", "")
    return redirect("contacts:merges" if back == "merges" else "contacts:list")


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    try:
        ids = parse_ids(request.POST.getlist("contact"), field="contact")
        if request.POST.get("join") == "1":
            site = request.build_absolute_uri("/")[:-1]
            joined = services.joins_invite(sender=_me(request), contact_ids=ids, site=site)
            messages.success(request, joined.summary())
        else:
            result = services.contacts_invite(sender=_me(request), contact_ids=ids)
            messages.success(request, result.summary())
            for name, why in result.refused[:10]:
                messages.info(request, f"{name}: {why}")
    except RapportError as exc:
        messages.error(request, exc.message)
    return redirect("contacts:list")


@login_required
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if request.POST.get("all") == "1":
        count = services.contacts_delete_all(owner=me)
        messages.success(request, f"Deleted all {count} imported contacts.")
    else:
        try:
            ids = parse_ids(request.POST.getlist("contact"), field="contact")
        except RapportError as exc:
            messages.error(request, exc.message)
            return redirect("contacts:list")
        for contact_id in ids:
            try:
                services.contact_delete(owner=me, contact_id=contact_id)
            except NotFound:
                continue
        messages.success(request, "Deleted.")
    return redirect("contacts:list")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        fmt = form.cleaned_data["format"]
        people = selectors.connections_as_contacts(
            _me(request), base_url=request.build_absolute_uri("/")[:-1]
        )
        media, name = MEDIA[fmt]
        response = HttpResponse(WRITERS[fmt](people), content_type=f"{media}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "contacts/export.html", {"form": form, "section": "contacts"})


def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """One click, no log-in: the address is put on the list checked before any join e-mail."""
    if request.method == "POST":
        try:
            services.join_opt_out(token=token)
        except RapportError as exc:
            return render(request, "contacts/opt_out.html", {"error": exc.message}, status=400)
        return render(request, "contacts/opt_out.html", {"done": True})
    return render(request, "contacts/opt_out.html", {"token": token})
