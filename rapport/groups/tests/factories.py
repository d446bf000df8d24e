from __future__ import annotations

from rapport.accounts.models import User
from rapport.groups import services
from rapport.groups.models import Group


def make_group(
    owner: User, name: str = "Product Managers Guild", visibility: str = "open"
) -> Group:
    return services.group_create(creator=owner, name=name, visibility=visibility)


def add_members(group: Group, *members: User) -> None:
    """Members joined through the services, whatever the group's visibility (the owner
    invites; they accept)."""
    owner = group.memberships.get(role="owner").member
    for member in members:
        if group.visibility != "open":
            services.group_invite(inviter=owner, group=group, invitee=member)
        services.group_join(member=member, group=group)
