"""Work histories and education that read like real ones.

A career starts after school and runs to this month: two to five jobs, tenures
of a few months to many years, short gaps between them, promotions sometimes
inside the same employer, a title that climbs the member's track with time,
and most people in a job today while some are between jobs. Most jobs are in
the member's industry and city, which is what makes colleagues neighbours and
gives the network its clusters.
"""

from __future__ import annotations

import math
from random import Random

from rapport.demo.choices import Weighted, chance
from rapport.demo.data.schools import BACHELOR_YEARS, DEGREES, DOCTORATE_YEARS, MASTER_YEARS
from rapport.demo.data.tracks import TRACKS, TRANSFERABLE_TRACKS
from rapport.demo.plan import PlannedCompany, PlannedEducation, PlannedMember, PlannedPosition
from rapport.demo.world import World

MIN_CAREER_MONTHS = 14
MAX_CAREER_MONTHS = 440
# A median career of about eight years, with a long tail of veterans.
CAREER_MEDIAN_MONTHS = 100
BETWEEN_JOBS_ODDS = 0.1
MOVER_ODDS = 0.25
SAME_INDUSTRY_ODDS = 0.8
PROMOTION_ODDS = 0.12
GAPS = (0, 0, 0, 0, 1, 1, 2, 3, 4, 6)
# Years into a career at which people typically reach each rung of their track.
RUNG_YEARS = (2, 5, 9, 14)
# Tracks whose people rarely stop at a first degree.
RESEARCH_TRACKS = ("research", "medicine")
MBA_TRACKS = ("consulting", "banking", "finance", "product", "operations")


class CompanyPicker:
    """Chooses employers: bigger ones more often, and much more often in the member's city."""

    CITY_PULL = 4.0

    def __init__(self, companies: tuple[PlannedCompany, ...]) -> None:
        self._companies = companies
        self._pickers: dict[tuple[str | None, str], Weighted[PlannedCompany]] = {}

    def pick(
        self, rng: Random, *, industry: str | None, city: str, avoid: str | None
    ) -> PlannedCompany:
        key = (industry, city)
        picker = self._pickers.get(key)
        if picker is None:
            pool = [c for c in self._companies if industry is None or c.industry == industry]
            pool = pool or list(self._companies)
            picker = Weighted(
                pool, [c.size * (self.CITY_PULL if c.city == city else 1.0) for c in pool]
            )
            self._pickers[key] = picker
        company = picker.pick(rng)
        for _ in range(3):
            if company.slug != avoid or len(picker) == 1:
                break
            company = picker.pick(rng)
        return company


def career_months(rng: Random, *, senior: bool) -> int:
    months = int(CAREER_MEDIAN_MONTHS * math.exp(rng.gauss(0.0, 0.7)))
    low = 96 if senior else MIN_CAREER_MONTHS
    return max(low, min(MAX_CAREER_MONTHS, months))


def career_plan(
    member: PlannedMember,
    *,
    world: World,
    companies: CompanyPicker,
    schools: SchoolPicker,
    this_month: int,
    rng: Random,
) -> None:
    """Give the member a school history and a work history ending this month."""
    # Connectors and the demo log-ins have long histories, so their pages look lived in.
    senior = member.is_connector or member.is_demo_login
    months = career_months(rng, senior=senior)
    first_month = this_month - months
    member.education = _education(member, schools, first_month, this_month // 12, rng)
    between = not senior and chance(rng, BETWEEN_JOBS_ODDS)
    # Out of work for one to nine months, never so long that the career is too short.
    end_gap = min(rng.randint(1, 9), months - MIN_CAREER_MONTHS) if between else 0
    member.between_jobs = end_gap > 0
    if chance(rng, MOVER_ODDS):
        others = [c for c in world.cities if c.name != member.city]
        if others:
            member.previous_city = Weighted(others, [c.weight for c in others]).pick(rng).name
    member.positions = _positions(
        member, companies, first_month, this_month - end_gap, current=end_gap == 0, rng=rng
    )


def _tenures(rng: Random, span: int, count: int) -> list[int]:
    """Split `span` months into `count` tenures of at least three months each."""
    weights = [math.exp(rng.gauss(0.0, 0.6)) for _ in range(count)]
    spare = span - 3 * count
    tenures = [3 + int(spare * w / sum(weights)) for w in weights]
    tenures[-1] += span - sum(tenures)
    return tenures


def _positions(
    member: PlannedMember,
    companies: CompanyPicker,
    first_month: int,
    last_month: int,
    *,
    current: bool,
    rng: Random,
) -> tuple[PlannedPosition, ...]:
    track = TRACKS[member.track]
    months = last_month - first_month + 1
    count = rng.randint(2, 2 + min(3, months // 30))
    gaps = [rng.choice(GAPS) for _ in range(count - 1)]
    if months - sum(gaps) < 3 * count:
        gaps = [0] * (count - 1)
    tenures = _tenures(rng, months - sum(gaps), count)
    positions: list[PlannedPosition] = []
    start, level, previous = first_month, 0, None
    for n, tenure in enumerate(tenures):
        years_in = (start - first_month) / 12
        rung = sum(years_in >= y for y in RUNG_YEARS)
        if chance(rng, 0.15):
            rung += 1  # some people climb faster than the typical ladder
        level = min(4, max(level, rung))
        # The two latest jobs are in the member's city; movers worked elsewhere before.
        city = member.previous_city if member.previous_city and n < count - 2 else member.city
        if previous is not None and chance(rng, PROMOTION_ODDS) and level < 4:
            company_slug = previous  # a promotion shows as a new title at the same employer
            level += 1
        else:
            stays = member.track not in TRANSFERABLE_TRACKS or chance(rng, SAME_INDUSTRY_ODDS)
            industry = member.industry if stays else None
            company_slug = companies.pick(rng, industry=industry, city=city, avoid=previous).slug
        is_last = n == count - 1
        end = start + tenure - 1
        positions.append(
            PlannedPosition(
                company=company_slug,
                title=track.titles[level],
                started=start,
                ended=None if (is_last and current) else end,
                level=level,
                description=f"Worked on {rng.choice(track.focuses)}." if chance(rng, 0.3) else "",
            )
        )
        previous = company_slug
        if not is_last:
            start = end + 1 + gaps[n]
    return tuple(positions)


def _education(
    member: PlannedMember, schools: SchoolPicker, first_month: int, this_year: int, rng: Random
) -> tuple[PlannedEducation, ...]:
    track = TRACKS[member.track]
    if member.track not in RESEARCH_TRACKS and chance(rng, 0.05):
        return ()  # self-taught, or a bootcamp they do not list
    field, kind = rng.choice(track.fields)
    bachelor, master = DEGREES[kind]
    # Graduates of a June class start work in the second half of the year.
    start_of_work = first_month // 12 if first_month % 12 >= 6 else first_month // 12 - 1
    research = member.track in RESEARCH_TRACKS
    steps: list[tuple[str, str, int]] = []
    if kind == "med":
        steps.append((bachelor, field, 6))
    else:
        steps.append((bachelor, field, rng.choice(BACHELOR_YEARS)))
        if chance(rng, 0.6 if research else 0.25):
            other_field = rng.choice(track.fields)[0] if chance(rng, 0.3) else field
            steps.append((master, other_field, rng.choice(MASTER_YEARS)))
            if chance(rng, 0.5 if research else 0.03):
                steps.append(("PhD", other_field, rng.choice(DOCTORATE_YEARS)))
    home = schools.home(member.city)
    entries = []
    end_year = start_of_work
    for degree, subject, years in reversed(steps):
        # Most first degrees are from home; later ones from wherever the course was.
        picker = home if degree == bachelor and chance(rng, 0.65) else schools.anywhere
        entries.append(
            PlannedEducation(
                school=picker.pick(rng),
                degree=degree,
                field=subject,
                start_year=end_year - years,
                end_year=end_year,
            )
        )
        end_year -= years
    if member.track in MBA_TRACKS and this_year * 12 - first_month >= 84 and chance(rng, 0.15):
        start = first_month // 12 + rng.randint(4, 8)
        length = rng.choice((1, 2))
        if start + length <= this_year:
            entries.append(
                PlannedEducation(
                    school=schools.anywhere.pick(rng),
                    degree="MBA",
                    field="Business Administration",
                    start_year=start,
                    end_year=start + length,
                )
            )
    return tuple(sorted(entries, key=lambda e: e.start_year))


class SchoolPicker:
    """Chooses schools: from the member's city, or from anywhere weighted by city size."""

    def __init__(self, world: World) -> None:
        weight = {c.name: c.weight for c in world.cities}
        self.anywhere = Weighted(
            [s.slug for s in world.schools], [weight[s.city] for s in world.schools]
        )
        self._home: dict[str, Weighted[str]] = {}
        for city in world.cities:
            own = [s.slug for s in world.schools if s.city == city.name]
            self._home[city.name] = Weighted(own, [1.0] * len(own))

    def home(self, city: str) -> Weighted[str]:
        return self._home.get(city) or self.anywhere
