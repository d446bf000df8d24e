from __future__ import annotations

from django import forms

from rapport.invitations.models import HowWeKnow, WhoMayInvite
from rapport.invitations.services.common import MESSAGE_MAX, NOTE_MAX


class InvitationForm(forms.Form):
    how_we_know = forms.ChoiceField(label="How do you know each other?", choices=HowWeKnow.choices)
    how_detail = forms.CharField(
        label="Where, or through whom?",
        required=False,
        max_length=120,
        help_text="The employer, school, event or group you share.",
    )
    mutual = forms.ChoiceField(label="Which mutual connection?", required=False, choices=[])
    note = forms.CharField(
        label="Personal note",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX}),
        help_text=f"Up to {NOTE_MAX} characters. Say how you know each other and why you "
        "want to connect.",
    )
    recipient_email = forms.EmailField(
        label="Their email address",
        required=False,
        help_text="Needed when they accept invitations only from people who know it, or while "
        "your invitations are restricted.",
    )

    def __init__(
        self, *args: object, mutual_choices: list[tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["mutual"].choices = [("", "—"), *(mutual_choices or [])]  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Message",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX}),
    )


class PreferencesForm(forms.Form):
    who_may_invite = forms.ChoiceField(
        label="Who may invite me", choices=WhoMayInvite.choices, widget=forms.RadioSelect
    )
    note_required = forms.BooleanField(
        label="Invitations must carry a personal note", required=False
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should the limit lift?",
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WithdrawOlderForm(forms.Form):
    days = forms.IntegerField(
        label="Withdraw invitations older than (days)", min_value=0, max_value=365, initial=30
    )


# The question the recipient sends, in the spirit of seed 001's reply; they may edit it.
ASK_TEMPLATE = (
    "Hi {first_name}, thanks for your invitation. I connect with people I have met or who "
    "were recommended to me by someone I know. Could you remind me how we know each other, "
    "or what you have in mind?"
)
