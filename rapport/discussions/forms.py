from __future__ import annotations

from django import forms

from rapport.posts.models import POST_MAX_CHARS


class GroupPostForm(forms.Form):
    body = forms.CharField(max_length=POST_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}))
    question = forms.BooleanField(required=False, label="This is a question")


class PinForm(forms.Form):
    pinned = forms.TypedChoiceField(
        choices=[("1", "Pin"), ("0", "Unpin")], coerce=lambda v: v == "1"
    )
