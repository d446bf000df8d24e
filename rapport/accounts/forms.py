from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.http import HttpRequest

from rapport.accounts.tasks import password_reset_send


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, but the e-mail is a background job queued for every address.

    Django's own `save` looks the address up and sends inside the request, so a known
    address answers slower (and nothing capped how often one could be asked). Here the
    request does the same thing whatever the address: it queues the job, which decides
    (`password_reset_recipient`)."""

    def save(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        if request is None:
            raise ValueError("A reset needs the request, for the site its link points at.")
        site = request.build_absolute_uri("/").rstrip("/")
        password_reset_send.enqueue(self.cleaned_data["email"].strip().lower(), site)


class PasswordChangeForm(forms.Form):
    current = forms.CharField(
        label="Current password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new = forms.CharField(
        label="New password",
        min_length=10,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label="Token name", max_length=60)


class ConfirmHandleForm(forms.Form):
    """Asked on confirmation when someone confirmed the requested handle first."""

    handle = forms.CharField(
        label="Choose another handle",
        max_length=30,
        help_text="Lowercase letters, digits and dashes; it is in your profile's address.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
