from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from rapport.accounts.models import User
from rapport.limits.models import ComplaintReason
from rapport.network import selectors as network
from rapport.posts.models import (
    COMMENT_MAX_CHARS,
    POST_MAX_CHARS,
    TITLE_MAX_CHARS,
    Audience,
    ReactionKind,
)

COVER_MB = settings.RAPPORT["COVER_MAX_BYTES"] // 1_048_576
# The text fields carry no max_length of their own: a browser sends a line break as two
# characters (CR LF), so the form would refuse a post the service accepts. The service
# normalises the breaks and counts (post.too_long); the widgets still cap typing.
AUDIENCE_HELP = (
    "Connections only: nobody else sees it, and it cannot be reposted. Anyone, including "
    "people not signed in: it can be read on the open web."
)


class PostForm(forms.Form):
    body = forms.CharField(
        label="Start a post",
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "maxlength": POST_MAX_CHARS,
                "placeholder": "Share what you know, ask for help, help first. "
                "Type @ to mention someone.",
                "data-mentions": "",
            }
        ),
    )
    audience = forms.ChoiceField(
        label="Who can see it",
        choices=Audience.choices,
        initial=Audience.MEMBERS,
        help_text=AUDIENCE_HELP,
    )
    # Posting for a company (its page's composer): the company's address.
    company = forms.SlugField(required=False, widget=forms.HiddenInput)


class RepostForm(forms.Form):
    body = forms.CharField(
        label="Add your own words (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": POST_MAX_CHARS, "data-mentions": ""}),
    )
    audience = forms.ChoiceField(
        label="Who can see it", choices=Audience.choices, initial=Audience.MEMBERS
    )


class ArticleForm(forms.Form):
    title = forms.CharField(label="Title", max_length=TITLE_MAX_CHARS)
    body = forms.CharField(
        label="Article (Markdown)",
        widget=forms.Textarea(attrs={"rows": 18, "data-mentions": ""}),
        help_text="Markdown: # headings, **bold**, *italic*, lists, > quotes, `code`, "
        "[links](https://…) and tables. HTML is shown as text.",
    )
    audience = forms.ChoiceField(
        label="Who can see it",
        choices=Audience.choices,
        initial=Audience.MEMBERS,
        help_text=AUDIENCE_HELP,
    )
    cover = forms.FileField(
        label="Cover picture",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=f"JPEG, PNG or WebP, at most {COVER_MB} MB.",
    )
    remove_cover = forms.BooleanField(label="Remove the cover", required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment",
        widget=forms.Textarea(
            attrs={"rows": 2, "maxlength": COMMENT_MAX_CHARS, "data-mentions": ""}
        ),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it", choices=ComplaintReason.choices, widget=forms.RadioSelect
    )


class SendForm(forms.Form):
    to = forms.ModelChoiceField(label="Send to", queryset=User.objects.none(), empty_label=None)
    note = forms.CharField(
        label="A few words (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )
    send_anyway = forms.BooleanField(
        label="Send it anyway, even if it would land in their Filtered folder", required=False
    )

    def __init__(self, member: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to = self.fields["to"]
        assert isinstance(to, forms.ModelChoiceField)
        to.queryset = network.connections_of(member.pk).order_by("display_name")
