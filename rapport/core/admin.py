"""What every app's admin may share.

`BoundedIdAdmin` is for models whose primary key is a relation (a profile, standing or
preferences row keyed by its member): Django guards `pk=` lookups on integer columns
against ids no 64-bit column can hold, but not lookups through a relation, so
`/admin/members/profile/9223372036854775808/change/` raised OverflowError (SQLite) or
DataError (PostgreSQL). Here such an id is simply no object, as any other unknown id.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from rapport.core.ids import BadId, parse_id


class BoundedIdAdmin(admin.ModelAdmin):
    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        field = self.model._meta.get_field(from_field) if from_field else self.model._meta.pk
        target = getattr(field, "target_field", field)
        if target.get_internal_type() in {
            "AutoField",
            "BigAutoField",
            "BigIntegerField",
            "IntegerField",
        }:
            try:
                parse_id(object_id)
            except BadId:
                return None
        return super().get_object(request, object_id, from_field)
