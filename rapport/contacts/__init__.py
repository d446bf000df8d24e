"""Contacts: the address books members bring in (LinkedIn, Google, Outlook, vCard) and take out."""
