"""Request and response shapes for profiles, education, connections and search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt

from rapport.accounts.models import ConnectionsVisibility, EmailFindable, EmailVisibility, User
from rapport.companies.api_schemas import PositionBrief, position_brief
from rapport.core.api_schemas import WHOLE, Line, PageQuery, StrictInput, Text
from rapport.members.models import Education, OpenTo
from rapport.members.services import MAX_SKILLS

# The choices come from the models, so the schema cannot drift from what the
# database accepts; to the type checker they are plain strings.
if TYPE_CHECKING:
    OpenToChoice = str
    ConnectionsChoice = str
    EmailChoice = str
    FindableChoice = str
else:
    OpenToChoice = Literal[tuple(OpenTo.values)]
    ConnectionsChoice = Literal[tuple(ConnectionsVisibility.values)]
    EmailChoice = Literal[tuple(EmailVisibility.values)]
    FindableChoice = Literal[tuple(EmailFindable.values)]

SkillName = Annotated[Line, Field(min_length=1, max_length=60)]
SchoolName = Annotated[Line, Field(min_length=1, max_length=120)]
Year = Annotated[StrictInt, Field(ge=1940, le=2100), WHOLE]


class MemberCard(Schema):
    """A member as every list shows them."""

    handle: str
    display_name: str
    headline: str
    location: str
    avatar_url: str
    profile_url: str
    current_positions: list[PositionBrief]


DEGREE_HELP = "0 for you, 1, 2 or 3 for 1st to 3rd degree, null when out of network."


class SearchResult(MemberCard):
    is_connected: bool = Field(description="Whether you and this member are connected.")
    degree: int | None = Field(description=DEGREE_HELP)


class Privacy(Schema):
    connections_visibility: ConnectionsChoice = Field(
        description="Who may see your connection list."
    )
    email_visibility: EmailChoice = Field(description="Who may see your email address.")
    email_findable: FindableChoice = Field(
        description="Who may find you by your email address in an imported address book: "
        "network (your connections and theirs), everyone, or nobody."
    )


class ProfileOut(MemberCard):
    about: str
    skills: list[str]
    open_to: list[str]
    connection_count: int


class MeOut(ProfileOut):
    email: str
    privacy: Privacy


class MemberOut(ProfileOut):
    email: str | None = Field(description="Shown only when the member's privacy allows you.")
    is_self: bool
    is_connected: bool
    can_see_connections: bool
    degree: int | None = Field(description=DEGREE_HELP)
    mutual_count: int = Field(description="Mutual connections you may see.")


class ProfilePatch(StrictInput):
    """Any of your profile's fields; those left out (or null) stay as they are."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "headline": "Product designer at Acme",
                    "skills": ["Figma", "User research"],
                    "open_to": ["mentoring"],
                }
            ]
        }
    )

    display_name: Annotated[Line, Field(min_length=1, max_length=100)] | None = None
    headline: Annotated[Line, Field(max_length=160)] | None = None
    location: Annotated[Line, Field(max_length=120)] | None = None
    about: Annotated[Text, Field(max_length=5000)] | None = None
    skills: Annotated[list[SkillName], Field(max_length=MAX_SKILLS)] | None = Field(
        None, description="The whole list; it replaces the skills you had."
    )
    open_to: Annotated[list[OpenToChoice], Field(max_length=len(OpenTo.values))] | None = Field(
        None, description="The whole list; it replaces what you were open to."
    )


class PrivacyPatch(StrictInput):
    connections_visibility: ConnectionsChoice | None = None
    email_visibility: EmailChoice | None = None
    email_findable: FindableChoice | None = None


class SchoolBrief(Schema):
    name: str
    slug: str


class EducationOut(Schema):
    id: int
    school: SchoolBrief
    degree: str
    field: str
    start_year: int
    end_year: int | None


class EducationIn(StrictInput):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "school": "University of Lagos",
                    "degree": "BSc",
                    "field": "Design",
                    "start_year": 2010,
                    "end_year": 2014,
                }
            ]
        }
    )

    school: SchoolName
    degree: Annotated[Line, Field(max_length=120)] = ""
    field: Annotated[Line, Field(max_length=120)] = ""
    start_year: Year
    end_year: Year | None = None


class SearchQuery(PageQuery):
    """At least one of the criteria; every one given must match."""

    q: Annotated[Line, Field(max_length=200)] = Field(
        "", description="Words matched against name, handle, headline, place, job and skills."
    )
    title: Annotated[Line, Field(max_length=120)] = ""
    company: Annotated[Line, Field(max_length=120)] = ""
    location: Annotated[Line, Field(max_length=120)] = ""
    skill: Annotated[Line, Field(max_length=60)] = ""
    school: Annotated[Line, Field(max_length=120)] = ""
    open_to: OpenToChoice | Literal[""] = ""


def member_card(member: User) -> dict[str, Any]:
    """A card from a member loaded through `members.selectors.with_cards`."""
    # Accounts made outside sign-up (createsuperuser) may have no profile row.
    profile = getattr(member, "profile", None)
    positions = getattr(member, "current_positions", None)
    if positions is None:
        positions = [p for p in member.positions.all() if p.is_current]
    return {
        "handle": member.handle,
        "display_name": member.display_name,
        "headline": profile.headline if profile else "",
        "location": profile.location if profile else "",
        "avatar_url": reverse("members:avatar", kwargs={"handle": member.handle}),
        "profile_url": reverse("members:profile", kwargs={"handle": member.handle}),
        "current_positions": [position_brief(p) for p in positions],
    }


def education_out(education: Education) -> dict[str, Any]:
    return {
        "id": education.pk,
        "school": {"name": education.school.name, "slug": education.school.slug},
        "degree": education.degree,
        "field": education.field,
        "start_year": education.start_year,
        "end_year": education.end_year,
    }
