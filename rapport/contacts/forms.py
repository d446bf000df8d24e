from __future__ import annotations

from django import forms

from rapport.contacts.parsing import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Address book",
        help_text=(
            "LinkedIn's Connections.csv or its data-export .zip, a Google Contacts or Outlook CSV, "
            f"or a .vcf file; at most {MAX_BYTES // 1048576} MB."
        ),
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=[
            ("linkedin", "LinkedIn Connections.csv"),
            ("google", "Google Contacts CSV"),
            ("vcard", "vCard 4.0 (.vcf)"),
        ],
        widget=forms.RadioSelect,
        initial="linkedin",
    )
