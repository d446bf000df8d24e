"""Readers for the member themselves: profile, history, companies, connections, blocks."""

from __future__ import annotations

from django.db.models import Q

from rapport.accounts.models import User
from rapport.dataexport.collectors.common import Row, plain, rows_of, tagged


def profile(member: User) -> list[Row]:
    from rapport.members.models import Profile

    row: Row = {
        "handle": member.handle,
        "display_name": member.display_name,
        "email": member.email,
        "joined_at": plain(member.date_joined),
        "connections_visibility": member.connections_visibility,
        "email_visibility": member.email_visibility,
        "email_findable": member.email_findable,
    }
    found = Profile.objects.filter(member=member).first()
    if found is not None:
        row |= {
            "headline": found.headline,
            "location": found.location,
            "about": found.about,
            "open_to": found.open_to,
            "has_photo": bool(found.photo),
            "profile_updated_at": plain(found.updated_at),
        }
    return [row]


def positions(member: User) -> list[Row]:
    from rapport.companies.models import Position

    return rows_of(
        Position.objects.filter(member=member).order_by("started_on", "pk"),
        company="company__name",
        title="title",
        started_on="started_on",
        ended_on="ended_on",
        is_current="is_current",
        description="description",
        told_network_at="announced_at",
    )


def education(member: User) -> list[Row]:
    from rapport.members.models import Education

    return rows_of(
        Education.objects.filter(member=member).order_by("start_year", "pk"),
        school="school__name",
        degree="degree",
        field="field",
        start_year="start_year",
        end_year="end_year",
    )


def companies(member: User) -> list[Row]:
    from rapport.companies.models import CompanyAdminClaim, CompanyFollow

    follows = rows_of(
        CompanyFollow.objects.filter(member=member).order_by("created_at"),
        company="company__name",
        at="created_at",
    )
    claims = rows_of(
        CompanyAdminClaim.objects.filter(member=member).order_by("created_at"),
        company="company__name",
        at="created_at",
        state="state",
    )
    return tagged("follow", follows) + tagged("admin_claim", claims)


def connections(member: User) -> list[Row]:
    from rapport.network.models import Connection

    rows = []
    for row in Connection.objects.filter(Q(member_low=member) | Q(member_high=member)).values(
        "member_low_id",
        "member_low__handle",
        "member_low__display_name",
        "member_high__handle",
        "member_high__display_name",
        "source",
        "created_at",
    ):
        mine_low = row["member_low_id"] == member.pk
        rows.append(
            {
                "handle": row["member_high__handle"] if mine_low else row["member_low__handle"],
                "name": row["member_high__display_name"]
                if mine_low
                else row["member_low__display_name"],
                "connected_at": plain(row["created_at"]),
                "how": row["source"],
            }
        )
    return sorted(rows, key=lambda r: (r["connected_at"], r["handle"]))


def blocked(member: User) -> list[Row]:
    from rapport.network.models import Block

    return rows_of(
        Block.objects.filter(member=member).order_by("created_at"),
        handle="blocked__handle",
        name="blocked__display_name",
        at="created_at",
    )


def access_tokens(member: User) -> list[Row]:
    from rapport.accounts.models import AccessToken

    return rows_of(
        AccessToken.objects.filter(member=member).order_by("created_at"),
        name="name",
        starts_with="prefix",
        created_at="created_at",
        last_used_at="last_used_at",
        revoked_at="revoked_at",
    )
