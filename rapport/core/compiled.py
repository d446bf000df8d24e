"""Reads on the hot paths: the ORM says the query once, later calls reuse its SQL.

Building and compiling a queryset costs Python time on every call — on an invitation
send it was most of the request (docs/benchmarks.md). A query whose shape never
changes only needs its values swapped: `Reusable` builds the queryset once per
database with stand-in values (markers), compiles it, notes which parameters are the
markers, and from then on sends the same SQL with the call's values. Rows come back
through the compiler's own converters, so a value reads exactly as the queryset would
return it (decision 0029).

What varies between calls must be a `value`: an id (int), a key (a string compared
as it is), a moment (an aware datetime), a day (a date) or a collection of ids (the
build gets a list; one shape per power-of-two size). Anything else that changes the SQL itself —
None instead of an id, a flag that adds a filter — is part of the `shape`, and each
shape is compiled once. A marker that ends up inside the SQL text (a LIMIT, say) or
converted to another type is refused when the query is compiled, never sent with a
stale value. `rows` gives tuples, `count` their number, `objects` model instances (with those it
selects related), `update` a row count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql import UpdateQuery
from django.db.models.sql.query import Query

# Unlike any constant a query holds, yet inside every integer column's range (a value
# out of a column's range would make the ORM drop the condition). Far apart, so that
# arithmetic on one marker cannot land on another (each must then fill a slot).
_INT_MARKER_BASE = 2_000_000_000
# Moments nobody stores: one second apart from this one on.
_MOMENT_MARKER_BASE = dt.datetime(1111, 1, 1, tzinfo=dt.UTC)
# Days nobody stores either, a year later (so no day reads as a moment's text).
_DAY_MARKER_BASE = dt.date(1112, 1, 1)


# The shape of an empty list of ids: the ORM answers "nothing" without a query.
_EMPTY = ("empty list",)


class ReusableQueryError(Exception):
    """The queryset cannot be reused with other values: a programming error."""


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # For each parameter: the name of the value it takes, or None to keep it.
    slots: tuple[str | None, ...]
    constants: tuple[Any, ...]
    kinds: Mapping[str, type]
    # What turns rows into the queryset's values: the query and its selected columns.
    # Not the compiler, which holds the compiling thread's connection (and would keep
    # it open after that thread ended); a compiler is made per call, which is cheap.
    query: Query
    select: tuple[Any, ...]
    col_count: int
    # For `objects`: the model, which columns are its fields, where each annotation is.
    model: Any = None
    fields: tuple[str, ...] = ()
    annotations: tuple[tuple[str, int], ...] = ()
    # With select_related: where the related rows' columns are (the compiler's own map).
    related: dict[str, Any] | None = None
    # Lists of ids sent as one array (PostgreSQL): their names and sizes.
    arrays: Mapping[str, int] = field(default_factory=dict)


def _marker(name_index: int, value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | str | dt.date):
        raise ReusableQueryError(
            "A reusable query's value must be an int, a string, a date or a datetime, "
            f"not {type(value).__name__}."
        )
    if isinstance(value, str):
        # Control characters no constant of ours holds, and characters the ORM's
        # conversions change (escaping of _ % \\, case), so a converted key is caught.
        return f"\x1fReusable_%\\{name_index}\x1f"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ReusableQueryError("A reusable query's moments must be aware datetimes.")
        return _MOMENT_MARKER_BASE + dt.timedelta(days=name_index)
    if isinstance(value, dt.date):
        return _DAY_MARKER_BASE + dt.timedelta(days=name_index)
    return _INT_MARKER_BASE + 1_000 * name_index


class Reusable:
    """A statement whose SQL is built by `build` once per database and shape.

    For `rows`, `build(**values, **shape)` returns a `values_list` queryset (sliced if
    it should be), and its rows come back as tuples, as iterating it would give. For
    `update`, it returns a queryset and the changes (`{field: value or expression}`),
    and the number of rows changed comes back, as `QuerySet.update` gives.
    """

    def __init__(self, build: Callable[..., Any]) -> None:
        self._build = build
        self._compiled: dict[Hashable, _Compiled] = {}

    def rows(
        self,
        *,
        using: str = "default",
        shape: Mapping[str, Hashable] | None = None,
        window: tuple[int, int] | None = None,
        **values: Any,
    ) -> list[tuple[Any, ...]]:
        """The rows; with `window=(offset, limit)`, at most `limit` of them from `offset`
        (a page: sent as values, so every page shares one statement)."""
        compiled, params = self._prepare("rows", using, shape, values)
        return _converted(compiled, params, using, window)

    def count(
        self, *, using: str = "default", shape: Mapping[str, Hashable] | None = None, **values: Any
    ) -> int:
        """How many rows the queryset gives (sliced, distinct or not), as `QuerySet.count`
        answers: its own SQL, counted by the database."""
        compiled, params = self._prepare("count", using, shape, values)
        if not compiled.sql:
            return 0
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({compiled.sql}) counted", params)  # noqa: S608
            row = cursor.fetchone()
        return int(row[0])

    def objects(
        self,
        *,
        using: str = "default",
        shape: Mapping[str, Hashable] | None = None,
        window: tuple[int, int] | None = None,
        **values: Any,
    ) -> list[Any]:
        """The queryset's model instances (with its annotations and the instances it
        selects related), as iterating it gives; no deferred fields or prefetching.
        `window` as for `rows`."""
        compiled, params = self._prepare("objects", using, shape, values)
        found = []
        width = len(compiled.fields)
        # The ORM's own populators fill the related instances, as iterating would.
        populators = (
            get_related_populators(compiled.related, list(compiled.select), using)
            if compiled.related
            else []
        )
        for row in _converted(compiled, params, using, window):
            instance = compiled.model.from_db(using, compiled.fields, row[:width])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in compiled.annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def update(
        self, *, using: str = "default", shape: Mapping[str, Hashable] | None = None, **values: Any
    ) -> int:
        compiled, params = self._prepare("update", using, shape, values)
        if not compiled.sql:
            return 0
        with transaction.mark_for_rollback_on_error(using), connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return int(cursor.rowcount)

    def _prepare(
        self, mode: str, using: str, shape: Mapping[str, Hashable] | None, values: dict[str, Any]
    ) -> tuple[_Compiled, list[Any]]:
        shape = dict(shape or {})
        # None changes the SQL ("IS NULL"), so it is part of the shape.
        for name in [n for n, v in values.items() if v is None]:
            shape[name] = values.pop(name)
        # A list of ids is padded to a power of two by repeating its last id (the same
        # IN list): one shape per size class, not one per length.
        lists: dict[str, int] = {}
        for name in [n for n, v in values.items() if isinstance(v, list | tuple | set)]:
            ids = sorted(values.pop(name))
            if not ids:
                shape[name] = _EMPTY
                continue
            size = 1 << (len(ids) - 1).bit_length()
            lists[name] = size
            ids += [ids[-1]] * (size - len(ids))
            values.update({f"{name}[{i}]": value for i, value in enumerate(ids)})
        vendor = connections[using].vendor
        # By type too: True, 1 and 1.0 are equal keys, not equal SQL.
        typed = tuple(sorted((n, type(v).__name__, v) for n, v in shape.items()))
        key = (mode, using, vendor, typed, tuple(sorted(values)))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compile(mode, using, shape, values, lists)
            self._compiled[key] = compiled
        connection = connections[using]
        params = []
        for slot, constant in zip(compiled.slots, compiled.constants, strict=True):
            if slot is None:
                params.append(constant)
                continue
            if slot in compiled.arrays:
                ids = [values[f"{slot}[{i}]"] for i in range(compiled.arrays[slot])]
                # As for one id: an int (an IntegerChoices member is one), never a bool.
                if any(not isinstance(value, int) or type(value) is bool for value in ids):
                    raise ReusableQueryError(f"{slot}: expected ids (int).")
                params.append([int(value) for value in ids])
                continue
            value = values[slot]
            kind = compiled.kinds[slot]
            # A datetime is a date too, and True an int: neither passes for the other.
            if not isinstance(value, kind) or type(value) is bool:
                raise ReusableQueryError(f"{slot}: expected {kind.__name__}.")
            if kind is dt.date and isinstance(value, dt.datetime):
                raise ReusableQueryError(f"{slot}: expected a date, not a datetime.")
            if isinstance(value, dt.datetime):
                if value.tzinfo is None:
                    raise ReusableQueryError(f"{slot}: moments must be aware datetimes.")
                value = connection.ops.adapt_datetimefield_value(value)
            elif isinstance(value, dt.date):
                value = connection.ops.adapt_datefield_value(value)
            params.append(value)
        return compiled, params

    def _compile(
        self,
        mode: str,
        using: str,
        shape: Mapping[str, Hashable],
        values: Mapping[str, Any],
        lists: Mapping[str, int],
    ) -> _Compiled:
        connection = connections[using]
        ordered = enumerate(sorted(values.items()))
        markers = {name: _marker(i, value) for i, (name, value) in ordered}
        arguments: dict[str, Any] = {n: m for n, m in markers.items() if "[" not in n}
        for name, size in lists.items():
            arguments[name] = [markers[f"{name}[{i}]"] for i in range(size)]
        built = self._build(**arguments, **{n: [] if v is _EMPTY else v for n, v in shape.items()})
        if mode == "update":
            queryset, changes = built
            if queryset.query.is_sliced or queryset.query.combinator:
                raise ReusableQueryError("An update of a whole, unsliced queryset only.")
            query = queryset.query.chain(UpdateQuery)
            query.annotations = {}
            query.add_update_values(changes)
            if query.related_updates:
                raise ReusableQueryError("An update of one table only.")
        elif mode == "objects":
            queryset, query = built, built.query
            if getattr(queryset, "_fields", None) or query.values_select:
                raise ReusableQueryError("Build a queryset of model instances for `objects`.")
            if query.deferred_loading[0] or queryset._prefetch_related_lookups:
                raise ReusableQueryError("No deferred fields or prefetching.")
        elif mode == "count":
            queryset, query = built, built.query
        else:
            queryset, query = built, built.query
            if not getattr(queryset, "_fields", None) and not query.values_select:
                raise ReusableQueryError("Build a values_list queryset: rows come back as tuples.")
        compiler = query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as exc:
            if any(v is _EMPTY for v in shape.values()):
                # An empty list of ids: nothing matches, as the ORM answers too.
                return _Compiled("", (), (), {}, query, (), 0)
            # Not the call's values: a marker outside a column's range, say.
            raise ReusableQueryError("A value's condition can never hold: a shape?") from exc
        # How each marker reaches the parameters: as itself, or adapted for storage.
        forms: dict[Any, str] = {}
        for name, marker in markers.items():
            forms[marker] = name
            if isinstance(marker, dt.datetime):
                forms[connection.ops.adapt_datetimefield_value(marker)] = name
            elif isinstance(marker, dt.date):
                forms[connection.ops.adapt_datefield_value(marker)] = name
        slots: list[str | None] = []
        for param in params:
            slots.append(forms.get(param) if _hashable(param) else None)
        if getattr(compiler, "has_extra_select", False):
            raise ReusableQueryError("Columns selected only to order by: not supported.")
        numbers = set(re.findall(r"\d+", sql))
        texts = [
            p for p, slot in zip(params, slots, strict=True) if slot is None and isinstance(p, str)
        ]
        for form, name in forms.items():
            text = str(form)
            if (text in numbers) if isinstance(form, int) else (text in sql):
                raise ReusableQueryError(f"{name} is written into the SQL, not passed as a value.")
            if any(text in param for param in texts):
                raise ReusableQueryError(f"{name} reaches the query converted to text.")
        unused = sorted(set(markers) - set(slots))
        if unused:
            # Dropped by the ORM (a marker out of a column's range), baked in after some
            # arithmetic, or converted: either way the call's value would not be sent.
            raise ReusableQueryError(f"{', '.join(unused)} does not reach the query as a value.")
        arrays: dict[str, int] = {}
        if connection.vendor == "postgresql":
            sql, slots, params, arrays = _as_arrays(sql, slots, list(params), lists, markers)
        fields: tuple[str, ...] = ()
        annotations: tuple[tuple[str, int], ...] = ()
        related = None
        if mode == "objects":
            chosen = compiler.klass_info["select_fields"]
            if chosen != list(range(len(chosen))):
                raise ReusableQueryError("The model's columns must come first.")
            fields = tuple(compiler.select[i][0].target.attname for i in chosen)
            annotations = tuple(compiler.annotation_col_map.items())
            if compiler.klass_info.get("related_klass_infos"):
                related = compiler.klass_info
        return _Compiled(
            sql=sql,
            slots=tuple(slots),
            constants=tuple(params),
            kinds={n: type(m) for n, m in markers.items()},
            query=query,
            select=tuple(getattr(compiler, "select", None) or ()),
            col_count=getattr(compiler, "col_count", None) or 0,
            model=query.model if mode == "objects" else None,
            fields=fields,
            annotations=annotations,
            related=related,
            arrays=arrays,
        )


_PLACEHOLDER = re.compile(r"%%|%s")


def _as_arrays(
    sql: str,
    slots: list[str | None],
    params: list[Any],
    lists: Mapping[str, int],
    markers: Mapping[str, object],
) -> tuple[str, list[str | None], list[Any], dict[str, int]]:
    """Each list of ids as one array value on PostgreSQL: `IN (%s, …, %s)` becomes
    `= ANY(%s)`. The statement stays one short text whatever the list's length, which
    psycopg parses once and caches (it does not cache a query over 4 KB, and a list of
    256 ids is one), and the server reads one value instead of hundreds; measured,
    0.5 ms less for a 256-id query (decision 0029). A list the ORM wrote any other
    way is left as it is."""
    at = [m.start() for m in _PLACEHOLDER.finditer(sql) if m.group() == "%s"]
    if len(at) != len(slots):
        return sql, slots, params, {}
    runs = []
    for name, size in lists.items():
        if not all(type(markers[f"{name}[{i}]"]) is int for i in range(size)):
            continue
        wanted = [f"{name}[{i}]" for i in range(size)]
        runs += [(i, name, size) for i in range(len(slots)) if slots[i : i + size] == wanted]
    arrays: dict[str, int] = {}
    # From the end, so that the places of the earlier ones stay where they were.
    for i, name, size in sorted(runs, reverse=True):
        start, end = at[i], at[i + size - 1] + 2
        if sql[start:end] != ", ".join(["%s"] * size):
            continue
        if not sql[:start].endswith(" IN (") or not sql[end:].startswith(")"):
            continue
        if sql[:start].endswith(" NOT IN ("):  # the ORM writes NOT (… IN …); raw SQL may not
            continue
        sql = f"{sql[: start - len(' IN (')]} = ANY(%s){sql[end + 1 :]}"
        slots[i : i + size] = [name]
        params[i : i + size] = [None]
        arrays[name] = size
    return sql, slots, params, arrays


def _converted(
    compiled: _Compiled, params: list[Any], using: str, window: tuple[int, int] | None = None
) -> list[tuple[Any, ...]]:
    """The statement's rows, through the converters the queryset's own would use."""
    if not compiled.sql:
        return []
    sql = compiled.sql
    if window is not None:
        offset, limit = window
        if compiled.query.is_sliced or compiled.query.combinator:
            raise ReusableQueryError("A window of a whole, unsliced queryset only.")
        if type(offset) is not int or type(limit) is not int or offset < 0 or limit < 1:
            raise ReusableQueryError("A window is an offset of 0 or more and a limit of 1 or more.")
        # The ORM's own slice, with its numbers sent as values (both databases take them).
        sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    compiler = compiled.query.get_compiler(using=using)
    compiler.select, compiler.col_count = list(compiled.select), compiled.col_count
    return [tuple(row) for row in compiler.results_iter(results=[fetched], tuple_expected=True)]


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
