from __future__ import annotations

from django import forms

from rapport.accounts.models import ConnectionsVisibility, EmailFindable, EmailVisibility
from rapport.members.models import OpenTo

MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        label="Your name", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    handle = forms.CharField(
        label="Handle",
        max_length=30,
        help_text="Lowercase letters, digits and dashes; your profile address.",
    )
    email = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        min_length=10,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters.",
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label="Name", max_length=100)
    headline = forms.CharField(
        label="Headline", max_length=160, required=False, help_text="What you do, in a line."
    )
    location = forms.CharField(label="Location", max_length=120, required=False)
    about = forms.CharField(
        label="About", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    skills = forms.CharField(
        label="Skills", required=False, max_length=3000, help_text="Separate skills with commas."
    )
    open_to = forms.MultipleChoiceField(
        label="Open to", choices=OpenTo.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class PrivacyForm(forms.Form):
    connections_visibility = forms.ChoiceField(
        label="Who may see my connections",
        choices=ConnectionsVisibility.choices,
        widget=forms.RadioSelect,
    )
    email_visibility = forms.ChoiceField(
        label="Who may see my email address",
        choices=EmailVisibility.choices,
        widget=forms.RadioSelect,
    )
    email_findable = forms.ChoiceField(
        label="Who may find me by my email address when they import their address book",
        choices=EmailFindable.choices,
        widget=forms.RadioSelect,
        required=False,  # forms saved before the setting existed leave it as it is
    )

    def clean_email_findable(self) -> str | None:
        return self.cleaned_data.get("email_findable") or None


class PhotoForm(forms.Form):
    photo = forms.FileField(label="Photo", help_text="JPEG, PNG or WebP, at most 2 MB.")


class MonthField(forms.DateField):
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = MONTH_INPUT


class PositionForm(forms.Form):
    company = forms.CharField(label="Company", max_length=120)
    title = forms.CharField(label="Title", max_length=120)
    started_on = MonthField(label="Start month")
    ended_on = MonthField(label="End month", required=False)
    is_current = forms.BooleanField(label="I work here now", required=False)
    tell_network = forms.BooleanField(
        label="Tell my network (your connections and the company's followers); leave it"
        " unticked to stay quiet",
        required=False,
    )
    description = forms.CharField(
        label="What you did",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EducationForm(forms.Form):
    school = forms.CharField(label="School", max_length=120)
    degree = forms.CharField(label="Degree", max_length=120, required=False)
    field = forms.CharField(label="Field of study", max_length=120, required=False)
    start_year = forms.IntegerField(label="Start year", min_value=1940, max_value=2100)
    end_year = forms.IntegerField(label="End year", min_value=1940, max_value=2110, required=False)


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200, widget=SearchInput)
    title = forms.CharField(label="Title", required=False, max_length=120)
    company = forms.CharField(label="Company", required=False, max_length=120)
    location = forms.CharField(label="Location", required=False, max_length=120)
    skill = forms.CharField(label="Skill", required=False, max_length=60)
    school = forms.CharField(label="School", required=False, max_length=120)
    open_to = forms.ChoiceField(
        label="Open to", required=False, choices=[("", "Anything"), *OpenTo.choices]
    )
