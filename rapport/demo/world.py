"""The places a community lives and works in: its cities, employers and schools.

A small community gets a few cities and employers, a large one many, so that in
both the members are dense enough to know each other: 300 members spread over
44 cities and 144 companies would have no colleagues and no neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from django.utils.text import slugify

from rapport.companies.services import company_slug
from rapport.demo.choices import Weighted, weighted_sample
from rapport.demo.data.cities import CITIES, City
from rapport.demo.data.companies import COMPANIES, INDUSTRIES, Industry
from rapport.demo.data.schools import REGION_PATTERNS, SCHOOL_PATTERNS
from rapport.demo.plan import PlannedCompany, PlannedSchool

MEMBERS_PER_CITY = 45
MEMBERS_PER_COMPANY = 12
MIN_CITIES = 5


@dataclass(frozen=True)
class World:
    cities: tuple[City, ...]
    companies: tuple[PlannedCompany, ...]
    schools: tuple[PlannedSchool, ...]
    industries: tuple[Industry, ...]

    def city(self, name: str) -> City:
        return next(c for c in self.cities if c.name == name)

    def industry(self, name: str) -> Industry:
        return next(i for i in self.industries if i.name == name)

    def city_picker(self) -> Weighted[City]:
        return Weighted(self.cities, [c.weight for c in self.cities])


def world_plan(*, size: int, rng: Random) -> World:
    cities = _cities(size, rng)
    return World(
        cities=cities,
        companies=_companies(size, cities, rng),
        schools=_schools(cities),
        industries=INDUSTRIES,
    )


def _cities(size: int, rng: Random) -> tuple[City, ...]:
    count = max(MIN_CITIES, min(len(CITIES), round(size / MEMBERS_PER_CITY)))
    return tuple(weighted_sample(rng, CITIES, [c.weight for c in CITIES], count))


def _companies(size: int, cities: tuple[City, ...], rng: Random) -> tuple[PlannedCompany, ...]:
    count = max(len(INDUSTRIES), min(len(COMPANIES), round(size / MEMBERS_PER_COMPANY)))
    # One employer in every industry first, so every career track has somewhere to work.
    chosen: list[int] = []
    for industry in INDUSTRIES:
        own = [n for n, c in enumerate(COMPANIES) if c.industry == industry.name]
        chosen.append(Weighted(own, [COMPANIES[n].size for n in own]).pick(rng))
    rest = [n for n in range(len(COMPANIES)) if n not in chosen]
    chosen += weighted_sample(rng, rest, [COMPANIES[n].size for n in rest], count - len(chosen))
    places = Weighted(cities, [c.weight for c in cities])
    blurbs = {i.name: i.blurb for i in INDUSTRIES}
    companies = []
    for n in sorted(chosen):
        seed = COMPANIES[n]
        city = places.pick(rng)
        slug = company_slug(seed.name)
        companies.append(
            PlannedCompany(
                slug=slug,
                name=seed.name,
                industry=seed.industry,
                city=city.name,
                location=city.location,
                size=seed.size,
                website=f"https://{slug}.example",
                description=blurbs[seed.industry].format(name=seed.name),
            )
        )
    return tuple(companies)


def _schools(cities: tuple[City, ...]) -> tuple[PlannedSchool, ...]:
    schools = []
    for city in cities:
        patterns = SCHOOL_PATTERNS[REGION_PATTERNS.get(city.regions[0], "en")]
        # Hubs have more universities; a small city has one.
        count = 1 + (city.weight >= 4) + (city.weight >= 7)
        for pattern in patterns[:count]:
            name = pattern.format(city=city.local or city.name)
            schools.append(PlannedSchool(slug=slugify(name)[:140], name=name, city=city.name))
    return tuple(schools)
