"""Generated avatars: a member's initials on a colour derived from their handle."""

from __future__ import annotations

import hashlib
from html import escape

# Dark enough that white initials keep a contrast ratio above 4.5:1 (WCAG AA).
PALETTE = ["#1f5f8b", "#2e6b3a", "#7a3e9d", "#9c3d2e", "#245b5b", "#5a4a1f", "#3f4a8a", "#8a2f5c"]


def avatar_svg(*, initials: str, seed: str, size: int = 128) -> str:
    colour = PALETTE[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(PALETTE)]
    text = escape(initials[:2] or "?")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 100 100" role="img" aria-label="{text}">'
        f'<rect width="100" height="100" rx="50" fill="{colour}"/>'
        f'<text x="50" y="50" dy="0.35em" text-anchor="middle" fill="#ffffff" '
        f'font-family="system-ui, sans-serif" font-size="40" font-weight="600">{text}</text></svg>'
    )
