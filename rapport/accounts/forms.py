from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )


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
