from __future__ import annotations

from django import forms

from rapport.trust.services.chain import NOTE_MAX, REASON_MAX


class AskForm(forms.Form):
    via = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why do you want to meet them?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Each person along the way reads this before deciding to pass it on.",
    )
    offer = forms.CharField(
        label="What is in it for them?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ForwardForm(forms.Form):
    note = forms.CharField(
        label="Your note to the next person",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: “I have worked with her for years and will vouch for her.”",
    )
