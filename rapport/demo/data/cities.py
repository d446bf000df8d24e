"""Cities the demo community lives in, and whose names are heard there.

The weight is how many members a city draws relative to the others; a few hubs
and a long tail is what a real professional network looks like. `regions` name
the pools in `names.py` that most people in the city are named from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    country: str
    regions: tuple[str, ...]
    weight: float
    # The name local schools use, where it differs from the English one.
    local: str = ""

    @property
    def location(self) -> str:
        """How a member writes it on their profile."""
        return self.name if self.name == self.country else f"{self.name}, {self.country}"


def _city(name: str, country: str, regions: str, weight: float, local: str = "") -> City:
    return City(
        name=name, country=country, regions=tuple(regions.split()), weight=weight, local=local
    )


# Ordered from the largest hub down: the generator keeps the biggest cities when a
# small community needs only a few.
CITIES: tuple[City, ...] = (
    _city("London", "United Kingdom", "en_gb en_gb in ng", 10),
    _city("New York", "United States", "en_us en_us latam cn", 9),
    _city("Berlin", "Germany", "de de tr ua", 7),
    _city("Bengaluru", "India", "in", 7),
    _city("Lagos", "Nigeria", "ng", 6),
    _city("São Paulo", "Brazil", "pt_br", 6),
    _city("San Francisco", "United States", "en_us cn in", 5),
    _city("Toronto", "Canada", "en_us in cn", 5),
    _city("Paris", "France", "fr fr ar", 5),
    _city("Singapore", "Singapore", "cn in id", 5),
    _city("Nairobi", "Kenya", "ke", 4),
    _city("Amsterdam", "Netherlands", "nl nl tr", 4),
    _city("Mexico City", "Mexico", "latam", 4, "Ciudad de México"),
    _city("Tokyo", "Japan", "jp", 4),
    _city("Mumbai", "India", "in", 4),
    _city("Madrid", "Spain", "es", 3),
    _city("Stockholm", "Sweden", "nordic", 3),
    _city("Warsaw", "Poland", "pl pl ua", 3),
    _city("Dublin", "Ireland", "en_gb", 3),
    _city("Seoul", "South Korea", "kr", 3),
    _city("Sydney", "Australia", "en_gb cn", 3),
    _city("Cape Town", "South Africa", "za", 3),
    _city("Accra", "Ghana", "gh", 3),
    _city("Cairo", "Egypt", "ar", 3),
    _city("Dubai", "United Arab Emirates", "ar in", 3),
    _city("Istanbul", "Turkey", "tr", 3),
    _city("Milan", "Italy", "it", 3, "Milano"),
    _city("Shanghai", "China", "cn", 3),
    _city("Barcelona", "Spain", "es", 2),
    _city("Lisbon", "Portugal", "pt_br", 2, "Lisboa"),
    _city("Copenhagen", "Denmark", "nordic", 2),
    _city("Munich", "Germany", "de", 2, "München"),
    _city("Zurich", "Switzerland", "de it", 2, "Zürich"),
    _city("Bogotá", "Colombia", "latam", 2),
    _city("Buenos Aires", "Argentina", "latam it", 2),
    _city("Ho Chi Minh City", "Vietnam", "vn", 2),
    _city("Jakarta", "Indonesia", "id", 2),
    _city("Manila", "Philippines", "ph", 2),
    _city("Austin", "United States", "en_us latam", 2),
    _city("Chicago", "United States", "en_us pl", 2),
    _city("Montréal", "Canada", "fr en_us", 2),
    _city("Kyiv", "Ukraine", "ua", 2),
    _city("Johannesburg", "South Africa", "za", 2),
    _city("Edinburgh", "United Kingdom", "en_gb", 1),
)
