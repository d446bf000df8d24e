"""The demo community as plain data, before any of it touches the database.

The generator builds a `Community` in memory; the loader writes it. Keeping the
two apart is what makes "same seed, same community" testable without a database
and lets the loader insert everything in a few bulk statements.

Months are counted as integers (year * 12 + month - 1) because careers are
remembered in months and the arithmetic stays exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rapport.invitations.models import State

# What a fresh database is filled with when `--seed` is not given.
DEFAULT_SEED = 2025

# The one password every demo account shares; printed after a load. Public on
# purpose: a demo database holds no one's real data.
DEMO_PASSWORD = "rapport-demo-pass"  # noqa: S105


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class DemoLogin:
    """An account someone trying the demo logs in with."""

    email: str
    display_name: str
    handle: str
    # Why you would log in as this account, printed beside it.
    role: str
    is_operator: bool = False


# Two members with full histories and an operator for the Django admin. Their
# handles are kept out of the generated ones so they stay easy to type.
ADA = DemoLogin("ada@rapport.example", "Ada Mensah", "ada", "a well-connected product manager")
BEN = DemoLogin(
    "ben@rapport.example", "Ben Castillo", "ben", "a data scientist with a smaller network"
)
OPERATOR = DemoLogin(
    "admin@rapport.example",
    "Rapport Operator",
    "operator",
    "the operator: moderation at /operators/moderation/, and the Django admin",
    is_operator=True,
)
DEMO_LOGINS: tuple[DemoLogin, ...] = (ADA, BEN, OPERATOR)


@dataclass(frozen=True)
class PlannedCompany:
    slug: str
    name: str
    industry: str
    city: str
    location: str
    size: float
    website: str
    description: str


@dataclass(frozen=True)
class PlannedSchool:
    slug: str
    name: str
    city: str


@dataclass(frozen=True)
class PlannedPosition:
    company: str  # the company's slug
    title: str
    # The first and last month worked; `ended` is None while the job is current.
    started: int
    ended: int | None
    # The rung of the member's track this title is on (0 = first job, 4 = head of).
    level: int
    description: str = ""

    @property
    def is_current(self) -> bool:
        return self.ended is None

    @property
    def started_on(self) -> dt.date:
        return month_start(self.started)

    @property
    def ended_on(self) -> dt.date | None:
        return None if self.ended is None else month_start(self.ended)


@dataclass(frozen=True)
class PlannedEducation:
    school: str  # the school's slug
    degree: str
    field: str
    start_year: int
    end_year: int


@dataclass
class PlannedMember:
    """One member, filled in stage by stage: who, where, what they did, what they say."""

    index: int
    handle: str
    email: str
    display_name: str
    city: str
    location: str
    industry: str
    track: str
    # How many connections the generator aims this member at; the heavy tail lives here.
    degree_target: int
    is_connector: bool
    is_demo_login: bool
    connections_visibility: str
    email_visibility: str
    joined_days_ago: int
    positions: tuple[PlannedPosition, ...] = ()
    education: tuple[PlannedEducation, ...] = ()
    headline: str = ""
    about: str = ""
    skills: tuple[str, ...] = ()
    open_to: tuple[str, ...] = ()
    # Cities worked in before the current one, for members who moved.
    previous_city: str = ""
    between_jobs: bool = False


@dataclass(frozen=True)
class PlannedConnection:
    # Indexes into Community.members, low < high.
    low: int
    high: int
    source: str
    days_ago: int


@dataclass
class Community:
    seed: int
    today: dt.date
    members: list[PlannedMember]
    companies: tuple[PlannedCompany, ...]
    schools: tuple[PlannedSchool, ...]
    connections: list[PlannedConnection] = field(default_factory=list)

    @property
    def skills(self) -> list[str]:
        """Every skill anyone lists, in the order first listed."""
        return list(dict.fromkeys(s for m in self.members for s in m.skills))

    def degrees(self) -> list[int]:
        counts = [0] * len(self.members)
        for c in self.connections:
            counts[c.low] += 1
            counts[c.high] += 1
        return counts


# Invitations are timed in seconds before the load ("ago"), so a plan is the same
# whenever it is made and the loader anchors it to the moment it writes.


@dataclass(frozen=True)
class PlannedMessage:
    """One line of a "how do we know each other?" thread."""

    author: int  # index into Community.members
    text: str
    ago: int


@dataclass(frozen=True)
class PlannedInvitation:
    sender: int
    recipient: int
    state: str
    note: str
    how_we_know: str
    how_detail: str
    mutual: int | None
    created_ago: int
    # None while pending; for an accepted invitation, the moment the connection was made.
    decided_ago: int | None
    # The coach's verdict on the note, as invitation_send stores it.
    note_is_default: bool
    note_is_pitch: bool
    note_personalization: int
    email_confirmed: bool = False
    messages: tuple[PlannedMessage, ...] = ()

    @property
    def pair(self) -> tuple[int, int]:
        return (
            (self.sender, self.recipient)
            if self.sender < self.recipient
            else (
                self.recipient,
                self.sender,
            )
        )


@dataclass(frozen=True)
class PlannedStanding:
    """A sender's stored standing, as after_answer would have left it; times in seconds ago."""

    member: int
    restricted_at: int | None = None
    # Negative: in the future.
    restricted_until: int | None = None
    warned_at: int | None = None
    throttled_since: int | None = None


@dataclass(frozen=True)
class PlannedAppeal:
    member: int
    text: str
    ago: int


@dataclass
class InvitationPlan:
    invitations: list[PlannedInvitation]
    standings: list[PlannedStanding]
    appeals: list[PlannedAppeal]
    # Who plays which part, by member index: "collector", "spammer", "fair", "appeal".
    roles: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def made_connections(self) -> set[tuple[int, int]]:
        """The (low, high) pairs whose connection an accepted invitation made."""
        return {i.pair for i in self.invitations if i.state == State.ACCEPTED}
