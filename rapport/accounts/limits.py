"""Account limits: API tokens, and how often sign-up and reset e-mails may go out."""

from __future__ import annotations

from rapport.core.limits import Limit, declare

declare(
    Limit(
        "accounts.tokens_per_member",
        20,
        "tokens",
        "Active personal access tokens a member may hold.",
        minimum=1,
        maximum=1000,
        env="RAPPORT_TOKENS_PER_MEMBER",
    ),
    Limit(
        "accounts.sign_up_mail_minutes",
        10,
        "minutes",
        "At most one sign-up e-mail per address in this many minutes.",
        maximum=10_080,
        env="RAPPORT_SIGN_UP_MAIL_MINUTES",
    ),
    Limit(
        "accounts.password_reset_mail_minutes",
        10,
        "minutes",
        "At most one password-reset e-mail per account in this many minutes.",
        maximum=10_080,
        env="RAPPORT_PASSWORD_RESET_MAIL_MINUTES",
    ),
)
declare(
    Limit(
        "accounts.deletion_grace_days",
        14,
        "days",
        "Days between asking to delete one's account and its erasure; logging in during "
        "them cancels the deletion.",
        minimum=1,
        maximum=90,
        env="RAPPORT_DELETION_GRACE_DAYS",
    ),
)
