from __future__ import annotations

from django import forms
from django.conf import settings

from rapport.conversations.models import WhoMayMessage


class ComposeForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        max_length=settings.RAPPORT["MESSAGE_MAX_CHARS"],
        widget=forms.Textarea(
            attrs={"rows": 3, "maxlength": settings.RAPPORT["MESSAGE_MAX_CHARS"]}
        ),
    )
    send_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MessagingPreferencesForm(forms.Form):
    who_may_message = forms.ChoiceField(
        label="Who may message me",
        choices=WhoMayMessage.choices,
        widget=forms.RadioSelect,
        help_text="People who are not your connections write once, as a request you accept "
        "or decline.",
    )
    read_receipts = forms.BooleanField(
        label="Read receipts",
        required=False,
        help_text="Let people see when you have read their messages. With this off you do not "
        "see when they read yours either.",
    )
    guard_enabled = forms.BooleanField(
        label="First-contact guard",
        required=False,
        help_text="Keep sales pitches, automated and mass messages from new connections and "
        "strangers in a Filtered folder instead of your inbox.",
    )
