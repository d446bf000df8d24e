from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts import selectors, services
from rapport.accounts.forms import LoginForm, PasswordChangeForm, TokenForm
from rapport.core.errors import RapportError


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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
