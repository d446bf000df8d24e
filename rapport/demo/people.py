"""Who the members are: names, handles, where they live, their line of work and privacy.

Names come mostly from the member's city and sometimes from anywhere, because
professional hubs are international. Handles are the name folded to ASCII, the
way people pick them, with a number only when the plain one is taken.
"""

from __future__ import annotations

import re
import unicodedata
from random import Random

from rapport.accounts.models import ConnectionsVisibility, EmailVisibility
from rapport.accounts.services import RESERVED_HANDLES
from rapport.demo.choices import Weighted, chance
from rapport.demo.data.names import NAMES, REGIONS
from rapport.demo.data.tracks import CONNECTOR_TRACKS
from rapport.demo.plan import ADA, BEN, DEMO_LOGINS, DemoLogin, PlannedMember
from rapport.demo.world import World

EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
# How often a member is named from their city's regions rather than from anywhere.
LOCAL_NAME_ODDS = 0.7
HANDLE_ROOM = 26  # leaves room for "-NNN" within the 30-character limit

# Letters NFKD does not split into a base letter and an accent.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "đ": "d",
        "Đ": "D",
        "œ": "oe",
        "Œ": "Oe",
    }
)


def ascii_fold(text: str) -> str:
    """A name as it is typed into a handle or an email: Łukasz Wiśniewski → lukasz wisniewski."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode().lower()


def handle_base(given: str, family: str, style: int) -> str:
    given_part, family_part = ascii_fold(given), ascii_fold(family)
    if style == 0:
        base = re.sub(r"[^a-z0-9]+", "-", f"{given_part} {family_part}")
    elif style == 1:
        base = re.sub(r"[^a-z0-9]+", "", given_part + family_part)
    else:
        base = re.sub(r"[^a-z0-9]+", "", given_part[:1] + family_part)
    return base[:HANDLE_ROOM].strip("-") or "member"


class Handles:
    """Hands out unique handles, numbering a name only when it is already taken."""

    def __init__(self, reserved: tuple[str, ...]) -> None:
        self._taken = set(RESERVED_HANDLES) | set(reserved)

    def claim(self, base: str) -> str:
        handle, number = base, 1
        while handle in self._taken:
            number += 1
            handle = f"{base}-{number}"
        self._taken.add(handle)
        return handle


def email_for(handle: str, rng: Random) -> str:
    # Dots for dashes keeps emails unique because handles are.
    return f"{handle.replace('-', '.')}@{rng.choice(EMAIL_DOMAINS)}"


def people_plan(
    *, size: int, world: World, targets: list[int], connectors: list[bool], rng: Random
) -> list[PlannedMember]:
    """Everyone's identity, city, line of work and privacy; careers come next."""
    handles = Handles(tuple(login.handle for login in DEMO_LOGINS))
    cities = world.city_picker()
    industries = Weighted(world.industries, [i.weight for i in world.industries])
    pinned: dict[int, DemoLogin] = {0: ADA, 1: BEN}
    members = []
    for index in range(size):
        login = pinned.get(index)
        if login is not None:
            members.append(_named_member(index, login, world, targets[index]))
            continue
        city = cities.pick(rng)
        region = rng.choice(city.regions) if chance(rng, LOCAL_NAME_ODDS) else rng.choice(REGIONS)
        given_names, family_names = NAMES[region]
        given, family = rng.choice(given_names), rng.choice(family_names)
        style = rng.choices((0, 1, 2), weights=(75, 15, 10))[0]
        handle = handles.claim(handle_base(given, family, style))
        industry = industries.pick(rng)
        tracks = Weighted([key for key, _ in industry.tracks], [w for _, w in industry.tracks])
        track = rng.choice(CONNECTOR_TRACKS) if connectors[index] else tracks.pick(rng)
        newcomer = targets[index] <= 5 and not connectors[index]
        members.append(
            PlannedMember(
                index=index,
                handle=handle,
                email=email_for(handle, rng),
                display_name=f"{given} {family}",
                city=city.name,
                location=city.location,
                industry=industry.name,
                track=track,
                degree_target=targets[index],
                is_connector=connectors[index],
                is_demo_login=False,
                connections_visibility=_connections_visibility(rng),
                email_visibility=(
                    EmailVisibility.CONNECTIONS if chance(rng, 0.25) else EmailVisibility.ONLY_ME
                ),
                # Newcomers have few connections because they only just joined.
                joined_days_ago=(
                    rng.randint(1, 60)
                    if newcomer
                    else rng.randint(700, 1100)
                    if connectors[index]
                    else rng.randint(30, 1100)
                ),
            )
        )
    return members


def _connections_visibility(rng: Random) -> str:
    roll = rng.random()
    if roll < 0.68:
        return ConnectionsVisibility.CONNECTIONS
    if roll < 0.9:
        return ConnectionsVisibility.EVERYONE
    return ConnectionsVisibility.ONLY_ME


def _named_member(index: int, login: DemoLogin, world: World, target: int) -> PlannedMember:
    """Ada and Ben: fixed names, a predictable place and work, so the demo tells a story."""
    city = world.cities[0] if login is ADA else world.cities[min(1, len(world.cities) - 1)]
    return PlannedMember(
        index=index,
        handle=login.handle,
        email=login.email,
        display_name=login.display_name,
        city=city.name,
        location=city.location,
        industry="Software",
        track="product" if login is ADA else "data",
        degree_target=target,
        is_connector=False,
        is_demo_login=True,
        # Ada shows her network to everyone and her email to connections; Ben keeps
        # the defaults, so the two accounts show both sides of the privacy settings.
        connections_visibility=(
            ConnectionsVisibility.EVERYONE if login is ADA else ConnectionsVisibility.CONNECTIONS
        ),
        email_visibility=(EmailVisibility.CONNECTIONS if login is ADA else EmailVisibility.ONLY_ME),
        joined_days_ago=1000 if login is ADA else 400,
    )
