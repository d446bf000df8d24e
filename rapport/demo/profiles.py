"""What members say about themselves, written from their work history.

The headline follows the job (or says the member is between jobs), the skills
come from the member's track, and "open to" follows seniority: juniors look for
mentors, seniors offer mentoring and are hiring, people between jobs want a
new role. That way search and "open to" filters return sensible people.
"""

from __future__ import annotations

from random import Random

from rapport.demo.choices import chance
from rapport.demo.data import headlines
from rapport.demo.data.tracks import GENERAL_SKILLS, TRACKS
from rapport.demo.plan import PlannedCompany, PlannedMember
from rapport.members.models import OpenTo

ABOUT_ODDS = 0.55
HEADLINE_MAX = 160


def profile_plan(
    member: PlannedMember, *, companies: dict[str, PlannedCompany], rng: Random
) -> None:
    track = TRACKS[member.track]
    latest = member.positions[-1]
    words = {
        "title": latest.title,
        "company": companies[latest.company].name,
        "focus": rng.choice(track.focuses),
        "industry": member.industry.lower(),
        "city": member.city,
    }
    if member.is_connector:
        templates = headlines.CONNECTOR
    elif member.between_jobs:
        templates = headlines.BETWEEN_JOBS
    else:
        templates = headlines.WORKING
    headline = rng.choice(templates).format(**words)
    member.headline = (headline[:1].upper() + headline[1:])[:HEADLINE_MAX]
    if member.is_demo_login or chance(rng, ABOUT_ODDS):
        member.about = _about(member, words, companies, rng)
    member.skills = _skills(member, rng)
    member.open_to = _open_to(member, latest.level, rng)


def _about(
    member: PlannedMember,
    words: dict[str, str],
    companies: dict[str, PlannedCompany],
    rng: Random,
) -> str:
    sentences = [rng.choice(headlines.ABOUT_OPENINGS).format(**words)]
    earlier = [p for p in member.positions[:-1] if p.company != member.positions[-1].company]
    if earlier:
        past = rng.choice(earlier)
        sentences.append(
            rng.choice(headlines.ABOUT_PASTS).format(
                past_title=past.title, past_company=companies[past.company].name
            )
        )
    sentences.append(rng.choice(headlines.ABOUT_CLOSINGS).format(**words))
    return " ".join(s for s in sentences if s)


def _skills(member: PlannedMember, rng: Random) -> tuple[str, ...]:
    own = TRACKS[member.track].skills
    chosen = rng.sample(own, k=min(len(own), rng.randint(4, 9)))
    chosen += rng.sample(GENERAL_SKILLS, k=rng.choice((0, 1, 1, 2, 3)))
    return tuple(dict.fromkeys(chosen))


def _open_to(member: PlannedMember, level: int, rng: Random) -> tuple[str, ...]:
    """Choices in the order the profile form lists them."""
    wants = {
        OpenTo.MENTORING: level >= 2 and chance(rng, 0.3),
        OpenTo.BEING_MENTORED: level <= 1 and chance(rng, 0.3),
        OpenTo.HIRING: chance(rng, 0.35 if level >= 3 else 0.03),
        OpenTo.NEW_ROLE: member.between_jobs or chance(rng, 0.08),
        OpenTo.INTRODUCTIONS: chance(rng, 0.8 if member.is_connector else 0.15),
        OpenTo.SPEAKING: chance(rng, 0.5 if member.is_connector else 0.15 if level >= 3 else 0.0),
        OpenTo.ADVISING: level >= 4 and chance(rng, 0.3),
    }
    if member.is_demo_login:
        # The demo accounts show the feature off, whatever the dice said.
        wants[OpenTo.INTRODUCTIONS] = True
        wants[OpenTo.MENTORING if level >= 2 else OpenTo.BEING_MENTORED] = True
    return tuple(str(choice.value) for choice in OpenTo if wants[choice])
