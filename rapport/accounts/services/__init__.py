"""Every write to member accounts: the account itself, sign-up and its confirmation,
password reset, access tokens, the operator role
and the audit log."""

from rapport.accounts.services.accounts import (
    RESERVED_HANDLES,
    AccountError,
    account_create,
    account_update,
    handle_validate,
    members_lock,
    password_change,
)
from rapport.accounts.services.deletion import (
    account_deletion_cancel,
    account_deletion_request,
)
from rapport.accounts.services.operators import (
    audit_record,
    operator_require,
    operator_set,
)
from rapport.accounts.services.password_reset import password_reset_recipient
from rapport.accounts.services.sign_up import (
    ConfirmationTokens,
    SignUpMail,
    SignUpRequest,
    account_confirm,
    account_pending,
    confirmation_link_parts,
    confirmation_tokens,
    requested_handle_free,
    sign_up_request,
)
from rapport.accounts.services.tokens import (
    TOKEN_PREFIX,
    IssuedToken,
    token_authenticate,
    token_create,
    token_revoke,
)

__all__ = [
    "RESERVED_HANDLES",
    "TOKEN_PREFIX",
    "AccountError",
    "ConfirmationTokens",
    "IssuedToken",
    "SignUpMail",
    "SignUpRequest",
    "account_confirm",
    "account_create",
    "account_deletion_cancel",
    "account_deletion_request",
    "account_pending",
    "account_update",
    "audit_record",
    "confirmation_link_parts",
    "confirmation_tokens",
    "handle_validate",
    "members_lock",
    "operator_require",
    "operator_set",
    "password_change",
    "password_reset_recipient",
    "requested_handle_free",
    "sign_up_request",
    "token_authenticate",
    "token_create",
    "token_revoke",
]
