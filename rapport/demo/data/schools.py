"""Schools, named the way each country names them, and the degrees they award.

Schools are made per city from these patterns rather than listed by name, so a
community of any size has schools where its members live, and classmates are
likely to share a city too, as they do in life.
"""

from __future__ import annotations

# The first region of a city picks its patterns; English is the fallback.
SCHOOL_PATTERNS: dict[str, tuple[str, ...]] = {
    "en": (
        "University of {city}",
        "{city} Institute of Technology",
        "{city} Business School",
        "{city} Metropolitan University",
    ),
    "de": (
        "Universität {city}",
        "Technische Universität {city}",
        "Hochschule für Wirtschaft {city}",
        "Hochschule {city}",
    ),
    "fr": (
        "Université de {city}",
        "École d'ingénieurs de {city}",
        "École de commerce de {city}",
        "Institut polytechnique de {city}",
    ),
    "es": (
        "Universidad de {city}",
        "Instituto Tecnológico de {city}",
        "Escuela de Negocios de {city}",
        "Universidad Politécnica de {city}",
    ),
    "pt": (
        "Universidade de {city}",
        "Instituto Técnico de {city}",
        "Escola de Negócios de {city}",
        "Universidade Federal de {city}",
    ),
    "it": (
        "Università di {city}",
        "Politecnico di {city}",
        "Scuola di Economia di {city}",
        "Accademia di Belle Arti di {city}",
    ),
    "nl": (
        "Universiteit van {city}",
        "Hogeschool {city}",
        "{city} School of Economics",
        "Technische Universiteit {city}",
    ),
}

# Which pattern set a name region's cities use.
REGION_PATTERNS: dict[str, str] = {
    "de": "de",
    "fr": "fr",
    "es": "es",
    "latam": "es",
    "pt_br": "pt",
    "it": "it",
    "nl": "nl",
}

# kind of field → (bachelor's, master's) as people write them on a profile.
DEGREES: dict[str, tuple[str, str]] = {
    "sci": ("BSc", "MSc"),
    "eng": ("BEng", "MEng"),
    "arts": ("BA", "MA"),
    "bus": ("BBA", "MSc"),
    "law": ("LLB", "LLM"),
    "nurse": ("BSc Nursing", "MSc"),
    "med": ("MBBS", "MD"),
}

# Years of study for each step; a doctorate runs longer and a bachelor's varies by country.
BACHELOR_YEARS: tuple[int, ...] = (3, 3, 4, 4, 4, 5)
MASTER_YEARS: tuple[int, ...] = (1, 2, 2)
DOCTORATE_YEARS: tuple[int, ...] = (3, 4, 4, 5)
