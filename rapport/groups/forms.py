"""Forms for groups: each field bounded as the service bounds it, so a bad value is a
clear message and the service is the one place that decides."""

from __future__ import annotations

from django import forms

from rapport.groups.models import (
    DESCRIPTION_MAX_CHARS,
    NAME_MAX_CHARS,
    NOTE_MAX_CHARS,
    RULES_MAX_CHARS,
    Role,
    Visibility,
)


class GroupForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX_CHARS)
    description = forms.CharField(
        max_length=DESCRIPTION_MAX_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    rules = forms.CharField(
        max_length=RULES_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What belongs here and what does not; members read them before joining.",
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices, initial=Visibility.OPEN, widget=forms.RadioSelect
    )
    cover = forms.ImageField(required=False, help_text="A wide picture: JPEG, PNG or WebP.")


class GroupEditForm(GroupForm):
    confirm_wider = forms.BooleanField(
        required=False,
        label="I understand: opening the group wider shows everything posted in it so far "
        "to more people",
    )


class SearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, label="Find a group")


class NoteForm(forms.Form):
    note = forms.CharField(max_length=NOTE_MAX_CHARS, required=False)


class InviteForm(forms.Form):
    handle = forms.CharField(
        max_length=60, label="Member's handle", help_text="As in their profile's address."
    )
    note = forms.CharField(max_length=NOTE_MAX_CHARS, required=False)


class MemberForm(forms.Form):
    member = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class AnswerForm(MemberForm):
    approve = forms.TypedChoiceField(
        choices=[("1", "Approve"), ("0", "Decline")], coerce=lambda v: v == "1"
    )


class BanForm(MemberForm):
    reason = forms.CharField(max_length=NOTE_MAX_CHARS, required=False)


class RoleForm(MemberForm):
    role = forms.ChoiceField(choices=[(Role.MANAGER, "Manager"), (Role.MEMBER, "Member")])


class SettingsForm(forms.Form):
    follow_closely = forms.BooleanField(required=False)
    show_in_top = forms.BooleanField(required=False)
