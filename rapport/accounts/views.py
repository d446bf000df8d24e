from __future__ import annotations

from typing import Any, cast

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rapport.accounts import selectors, services
from rapport.accounts.forms import (
    ConfirmHandleForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    TokenForm,
)
from rapport.accounts.models import User
from rapport.accounts.tasks import welcome_email_send
from rapport.accounts.throttle import login_key
from rapport.core import limits
from rapport.core.errors import RapportError


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Logging in during the grace period is how a member keeps their account.
        if services.account_deletion_cancel(member=form.get_user()):
            messages.success(
                self.request, "Welcome back: your account will not be deleted after all."
            )
        return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Ask for the account to be erased, after a grace period; logging in cancels it."""
    error: RapportError | None = None
    if request.method == "POST":
        try:
            # Through the authentication backends, so django-axes counts wrong passwords
            # here as it does at log-in (a stolen session cannot guess on and on).
            if (
                authenticate(
                    request,
                    username=request.user.email,  # type: ignore[union-attr]
                    password=request.POST.get("password", ""),
                )
                is None
            ):
                raise services.AccountError(
                    "That is not your password.", code="account.wrong_password", field="password"
                )
            member = services.account_deletion_request(
                member=request.user,  # type: ignore[arg-type]
                password=request.POST.get("password", ""),
                confirm=request.POST.get("confirm", ""),
            )
        except RapportError as exc:
            error = exc
        else:
            logout(request)
            context = {"due": member.deletion_due_at}
            return render(request, "accounts/delete_scheduled.html", context)
    return render(
        request,
        "accounts/delete.html",
        {"error": error, "grace_days": limits.value("accounts.deletion_grace_days")},
        status=400 if error else 200,
    )


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: object = None
) -> HttpResponse:
    """What a throttled log-in sees (AXES_LOCKOUT_CALLABLE): the log-in page, the reason and
    what to do, as a 429 — for the member log-in, the admin's, and a password change."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    lockout = (
        f"Too many failed log-ins for this account or from your network. Wait {minutes} "
        "minutes and try again, or reset your password by e-mail."
    )
    return render(
        request,
        "accounts/login.html",
        {"form": LoginForm(request), "next": "", "lockout": lockout},
        status=429,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Reset by e-mail, in the site's pages. It answers the same, in the same time, whether
    or not the address has an account: the e-mail is a queued job (`PasswordResetForm`)."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The owner proved the address: the account's failed log-ins no longer hold it shut.
        axes_reset(username=login_key(self.request, {"username": form.user.email}))
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link a sign-up e-mails. Opening it shows a button; only the POST confirms, so a
    mail scanner that follows links cannot use it up. If someone confirmed the requested
    handle first, the page asks for another one instead of failing."""
    page = "accounts/confirm.html"
    if request.method == "POST":
        form = ConfirmHandleForm(request.POST) if "handle" in request.POST else None
        handle = form.data.get("handle", "") if form is not None else None
        try:
            member = services.account_confirm(uidb64=uidb64, token=token, handle=handle)
        except RapportError as exc:
            pending = services.account_pending(uidb64=uidb64, token=token)
            if pending is None:
                return render(request, page, {"member": None}, status=400)
            if form is None:
                context = {"member": pending, "form": ConfirmHandleForm(), "problem": exc.message}
            else:
                form.add_error("handle", exc.message)
                context = {"member": pending, "form": form}
            return render(request, page, context, status=exc.status)
        login(request, member, backend="rapport.accounts.backends.EmailBackend")
        transaction.on_commit(lambda: welcome_email_send.enqueue(member.pk))
        messages.success(request, "Welcome to Rapport. Start with your headline.")
        return redirect("members:edit")
    pending = services.account_pending(uidb64=uidb64, token=token)
    if pending is None:
        return render(request, page, {"member": None}, status=400)
    form = None if services.requested_handle_free(pending) else ConfirmHandleForm()
    return render(request, page, {"member": pending, "form": form})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Through `authenticate`, so guessing the current password is throttled like a log-in.
        email = cast(User, request.user).email
        if authenticate(request, username=email, password=form.cleaned_data["current"]) is None:
            form.add_error("current", "Your current password is not right.")
            return render(request, "accounts/password_change.html", {"form": form})
        try:
            services.password_change(
                member=request.user,  # type: ignore[arg-type]
                current=form.cleaned_data["current"],
                new=form.cleaned_data["new"],
            )
        except RapportError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, "Your password is changed.")
            return redirect("accounts:settings")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.token_create(
                member=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
            )
        except RapportError as exc:
            form.add_error(None, exc.message)
        else:
            new_secret = issued.secret
            messages.success(request, f"Token “{issued.token.name}” created.")
            form = TokenForm()
    tokens = selectors.tokens_for(member=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.token_revoke(member=request.user, token_id=token_id)  # type: ignore[arg-type]
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The token is revoked; it no longer works.")
    return redirect("accounts:settings")
