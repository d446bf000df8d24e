"""How members describe themselves: headlines and a few sentences of "about".

Templates use {title}, {company}, {focus}, {industry} and {city}. They are the
shapes real headlines take — plain job titles, a title with a focus, a mission
line — so a page of search results does not read like a mail merge.
"""

from __future__ import annotations

# Someone in work: most write title and employer; some add what they care about.
WORKING: tuple[str, ...] = (
    "{title} at {company}",
    "{title} at {company}",
    "{title} at {company}",
    "{title} · {company}",
    "{title} at {company} | {focus}",
    "{title} — {focus}",
    "{title} working on {focus} at {company}",
    "{focus} · {title} at {company}",
    "{title} | {focus} | {city}",
)

# Someone between jobs says so, and says what they are looking for.
BETWEEN_JOBS: tuple[str, ...] = (
    "{title} · open to new roles",
    "{title}, looking for my next role in {industry}",
    "Former {title} at {company} · exploring what's next",
    "{title} between roles — {focus}",
)

# The people who know everyone say it in their headline, too.
CONNECTOR: tuple[str, ...] = (
    "{title} at {company} · I connect people in {industry}",
    "{title} at {company} | Always happy to make an introduction",
    "{title} · building the {city} {industry} community",
    "{title} at {company} · ask me who's hiring",
)

ABOUT_OPENINGS: tuple[str, ...] = (
    "I work on {focus} at {company}.",
    "At {company} I spend most of my time on {focus}.",
    "{title} based in {city}, mostly working on {focus}.",
    "I have spent my career in {industry}, lately on {focus}.",
)

ABOUT_PASTS: tuple[str, ...] = (
    "Before that I was {past_title} at {past_company}.",
    "Earlier I spent a few years at {past_company} as {past_title}.",
    "I started out as {past_title} at {past_company}.",
)

ABOUT_CLOSINGS: tuple[str, ...] = (
    "Happy to talk to anyone starting out in {industry}.",
    "Outside work: cycling, cooking and too many podcasts.",
    "I mentor people moving into {industry}; say hello if that is you.",
    "Ask me about {focus}.",
    "I read everything about {focus} I can find.",
    "",
    "",
)
