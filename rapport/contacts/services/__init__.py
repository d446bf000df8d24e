"""Every write for contacts: imports, merges and their undo, deletion, invitations from contacts."""

from rapport.contacts.services.imports import (
    BACKGROUND_CONTACTS,
    contact_delete,
    contacts_delete_all,
    import_cancel,
    import_commit,
    import_confirm,
    import_read,
    import_start,
    merge_undo,
)
from rapport.contacts.services.inviting import (
    BulkInvite,
    JoinsSent,
    contacts_invite,
    join_opt_out,
    join_opt_out_token,
    joins_invite,
)

__all__ = [
    "BACKGROUND_CONTACTS",
    "BulkInvite",
    "JoinsSent",
    "contact_delete",
    "contacts_delete_all",
    "contacts_invite",
    "import_cancel",
    "import_commit",
    "import_confirm",
    "import_read",
    "import_start",
    "join_opt_out",
    "join_opt_out_token",
    "joins_invite",
    "merge_undo",
]
