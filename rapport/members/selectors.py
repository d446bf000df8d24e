"""Reads for profiles and member search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import slugify

from rapport.accounts.models import User
from rapport.companies.models import Position
from rapport.core.compiled import Reusable
from rapport.core.pagination import Page, paginate
from rapport.core.text import fold, search_terms
from rapport.members import network_views
from rapport.members.models import Education, Profile, Skill
from rapport.network import selectors as network


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    title: str = ""
    company: str = ""
    location: str = ""
    skill: str = ""
    school: str = ""
    open_to: str = ""

    @property
    def active(self) -> bool:
        """Whether anything narrows the search: a query of only one-letter words does not
        (counted as search entries hold them: "ก่" is one letter once folded)."""
        fields = (self.title, self.company, self.location, self.skill, self.school, self.open_to)
        return bool(_folded_terms(self.q)) or any(f.strip() for f in fields)


def _current_positions() -> QuerySet[Position]:
    return Position.objects.filter(member=OuterRef("pk"), is_current=True)


def member_search(filters: SearchFilters, *, viewer: User | None = None) -> QuerySet[User]:
    """Active members matching every term and filter, other than the viewer, unordered
    (`search_members` ranks them).

    Each term may match the name, handle, headline, location, a current title or
    employer, or a skill: it is looked for in the member's search entry, where those are
    folded together (case, accents and quotes: members/search_entries.py). On
    PostgreSQL the entry carries a trigram index, so each term is an index scan.
    """
    skill_link = Profile.skills.through.objects.filter(profile_id=OuterRef("pk"))
    qs = User.objects.filter(is_active=True)
    if viewer is not None:
        qs = qs.exclude(pk=viewer.pk)
    for term in _folded_terms(filters.q):
        qs = qs.filter(search_entry__text__contains=term)
    if filters.title.strip():
        qs = qs.filter(Exists(_current_positions().filter(title__icontains=filters.title.strip())))
    if filters.company.strip():
        company = filters.company.strip()
        qs = qs.filter(
            Exists(
                _current_positions().filter(
                    Q(company__slug=slugify(company)) | Q(company__name__icontains=company)
                )
            )
        )
    if filters.location.strip():
        qs = qs.filter(profile__location__icontains=filters.location.strip())
    if filters.skill.strip():
        skill = filters.skill.strip()
        qs = qs.filter(
            Exists(skill_link.filter(Q(skill__slug=slugify(skill)) | Q(skill__name__iexact=skill)))
        )
    if filters.school.strip():
        school = filters.school.strip()
        qs = qs.filter(
            Exists(
                Education.objects.filter(member=OuterRef("pk")).filter(
                    Q(school__slug=slugify(school)) | Q(school__name__icontains=school)
                )
            )
        )
    if filters.open_to.strip():
        # JSON containment is not portable to SQLite, so match the quoted key in the text form.
        qs = qs.filter(profile__open_to__icontains=f'"{filters.open_to.strip()}"')
    return qs


@dataclass
class SearchResults:
    page: Page[User]
    degrees: dict[int, int | None]  # for the page's members, as their badges show it


def _folded_terms(query: str) -> list[str]:
    """The search box's terms as entries hold text (folded), each at least 2 characters."""
    return [t for t in (fold(term) for term in search_terms(query)) if len(t) >= 2]


# Higher apps may add a tie-breaker to search (influence does, when an operator turns it
# on): ids in, a number per id out, higher first among results otherwise equal. A
# registry, because members sits below the apps that know such numbers.
SearchBoost = Callable[[list[int]], dict[int, float]]
_SEARCH_BOOSTS: list[SearchBoost] = []


def search_boost_register(boost: SearchBoost) -> None:
    if boost not in _SEARCH_BOOSTS:
        _SEARCH_BOOSTS.append(boost)


def search_boost_unregister(boost: SearchBoost) -> None:
    if boost in _SEARCH_BOOSTS:
        _SEARCH_BOOSTS.remove(boost)


def search_members(*, viewer: User, filters: SearchFilters, page: int, size: int) -> SearchResults:
    """One page of search results, most relevant first, never the viewer.

    Relevance: the exact name (or handle) asked for, then members whose current title
    or employer matches, then the rest; among equals the closer degree first (as the
    viewer's badges show it), then by name. The ranking is done here in Python from one
    narrow query, so it is the same on SQLite and PostgreSQL (their collations and
    case rules differ), and the degree comes from the graph index, which the database
    cannot join. The page clamps like every list (`core.pagination.paginate`).
    """
    rows = list(
        member_search(filters, viewer=viewer).values_list(
            "pk", "display_name", "handle", "search_entry__roles"
        )
    )
    degrees = network.degrees_for(viewer.pk, [pk for pk, *_ in rows])
    asked = fold(filters.q)
    terms = _folded_terms(filters.q)
    # Every result matches a role when the search names a title or company.
    roles_asked = bool(filters.title.strip() or filters.company.strip())
    boosts: dict[int, float] = {}
    for boost in _SEARCH_BOOSTS:
        for pk, value in boost([pk for pk, *_ in rows]).items():
            boosts[pk] = boosts.get(pk, 0.0) + value

    def rank(row: tuple[int, str, str, str | None]) -> tuple[int, int, float, str, int]:
        pk, name, handle, roles = row
        role_match = roles_asked or any(term in (roles or "") for term in terms)
        tier = 0 if asked and asked in (fold(name), handle) else 1 if role_match else 2
        degree = degrees.get(pk)
        return tier, degree if degree is not None else 4, -boosts.get(pk, 0.0), fold(name), pk

    ranked = [row[0] for row in sorted(rows, key=rank)]
    ids = paginate(ranked, page=page, size=size)
    members = cards_of(ids.items)
    items = [members[pk] for pk in ids.items if pk in members]
    return SearchResults(
        page=Page(items=items, number=ids.number, size=ids.size, total=ids.total),
        degrees={pk: degrees.get(pk) for pk in ids.items},
    )


# A page of search results reads these: built once (rapport/core/compiled.py).
_CARD_MEMBERS = Reusable(lambda *, ids: User.objects.filter(pk__in=ids).select_related("profile"))
_CARD_POSITIONS = Reusable(
    lambda *, ids: Position.objects.filter(member_id__in=ids, is_current=True).select_related(
        "company"
    )
)


def cards_of(ids: list[int]) -> dict[int, User]:
    """What `with_cards` gives, for a page of member ids, by id: the same two queries,
    built once."""
    members = {member.pk: member for member in _CARD_MEMBERS.objects(ids=sorted(ids))}
    current: dict[int, list[Position]] = {pk: [] for pk in members}
    for position in _CARD_POSITIONS.objects(ids=sorted(members)):
        current[position.member_id].append(position)
    for pk, member in members.items():
        member.current_positions = current[pk]
    return members


def with_cards(qs: QuerySet[User]) -> QuerySet[User]:
    """What a member card shows (headline, current position), in a fixed number of queries."""
    return qs.select_related("profile").prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.filter(is_current=True).select_related("company"),
            to_attr="current_positions",
        )
    )


@dataclass
class ProfilePage:
    member: User
    profile: Profile
    positions: list[Position]
    education: list[Education]
    skills: list[str]
    connection_count: int
    is_self: bool
    is_connected: bool
    can_see_connections: bool
    email: str | None
    degree: int | None = None
    mutual_count: int = 0
    mutual: list[User] = field(default_factory=list)
    paths: list[list[User]] = field(default_factory=list)
    second_degree_size: int | None = None


# A profile page reads these on every view: built once (rapport/core/compiled.py).
_MEMBER = Reusable(
    lambda *, handle: User.objects.filter(handle=handle, is_active=True).order_by("pk")[:1]
)
_PROFILE = Reusable(lambda *, member: Profile.objects.filter(member_id=member).order_by("pk")[:1])
_POSITIONS = Reusable(
    lambda *, member: Position.objects.filter(member_id=member).select_related("company")
)
_EDUCATION = Reusable(
    lambda *, member: Education.objects.filter(member_id=member).select_related("school")
)
_SKILLS = Reusable(
    lambda *, profile: Skill.objects.filter(profiles__pk=profile).values_list("name")
)


def profile_page(*, viewer: User, handle: str) -> ProfilePage | None:
    member = next(iter(_MEMBER.objects(handle=handle.lower())), None)
    if member is None:
        return None
    profile = profile_or_blank(member)
    is_self = viewer.is_authenticated and viewer.pk == member.pk
    page = ProfilePage(
        member=member,
        profile=profile,
        positions=_POSITIONS.objects(member=member.pk),
        education=_EDUCATION.objects(member=member.pk),
        skills=[name for (name,) in _SKILLS.rows(profile=profile.pk)] if profile.pk else [],
        connection_count=network.connection_count(member.pk),
        is_self=bool(is_self),
        is_connected=bool(viewer.is_authenticated and network.are_connected(viewer.pk, member.pk)),
        can_see_connections=network.can_see_connections(viewer=viewer, owner=member),
        email=member.email if network.can_see_email(viewer=viewer, owner=member) else None,
    )
    if page.is_self:
        page.degree = 0
        page.second_degree_size = network.second_degree_size(member.pk)
    else:
        page.degree = network.degrees_for(viewer.pk, [member.pk])[member.pk]
        page.mutual_count, page.mutual = network.mutual_connections(viewer, member, limit=5)
        if page.degree in (2, 3):
            page.paths = network_views.paths_to(viewer, member)
    return page


def education_of(member: User) -> QuerySet[Education]:
    return Education.objects.filter(member=member).select_related("school")


def profile_or_blank(member: User) -> Profile:
    """The member's profile, or an unsaved empty one: a read never writes."""
    return next(iter(_PROFILE.objects(member=member.pk)), None) or Profile(member=member)


def member_by_handle(handle: str) -> User | None:
    return next(iter(_MEMBER.objects(handle=handle.lower())), None)


def visible_connections(*, viewer: User, owner: User) -> QuerySet[User] | None:
    """The owner's connections as the viewer may see them, or None when privacy hides them."""
    if not network.can_see_connections(viewer=viewer, owner=owner):
        return None
    return with_cards(network.connections_of(owner.pk))


@dataclass(frozen=True)
class HomeSummary:
    """What the home page shows beside the feed: counts, not the whole profile."""

    member: User
    profile: Profile
    connection_count: int
    second_degree_size: int
    position_count: int
    missing: list[str]


def _summary_query(*, member: int) -> QuerySet[Profile]:
    """The profile with what the checklist asks of the rest, in one query."""
    return (
        Profile.objects.filter(member_id=member)
        .annotate(
            position_count=Coalesce(
                Subquery(
                    Position.objects.filter(member_id=OuterRef("member_id"))
                    .order_by()
                    .values("member_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            has_skills=Exists(Profile.skills.through.objects.filter(profile_id=OuterRef("pk"))),
            has_education=Exists(Education.objects.filter(member_id=OuterRef("member_id"))),
        )
        .order_by("pk")[:1]
    )


# Every home page reads it: built once (rapport/core/compiled.py).
_SUMMARY = Reusable(_summary_query)


def home_summary(member: User) -> HomeSummary:
    """The member's own summary in a handful of small queries (the feed pays for the rest)."""
    # The profile with what the checklist asks of the rest, in one query; a member
    # without a profile yet gets a blank one (a read never writes).
    found = next(iter(_SUMMARY.objects(member=member.pk)), None)
    profile: Profile = found or Profile(member=member)
    if found is None:
        position_count = Position.objects.filter(member=member).count()
        has_skills = False
        has_education = Education.objects.filter(member=member).exists()
    else:
        position_count = found.position_count
        has_skills, has_education = found.has_skills, found.has_education
    missing = [
        label
        for label, done in (
            ("a headline", bool(profile.headline)),
            ("your location", bool(profile.location)),
            ("your skills", has_skills),
            ("a position", position_count > 0),
            ("your education", has_education),
        )
        if not done
    ]
    return HomeSummary(
        member=member,
        profile=profile,
        connection_count=network.connection_count(member.pk),
        second_degree_size=network.second_degree_size(member.pk),
        position_count=position_count,
        missing=missing,
    )
