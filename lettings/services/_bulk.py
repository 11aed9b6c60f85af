"""Bulk writes with history in a fixed number of statements, whatever the number of rows: what
closing a cycle of 150,000 bids needs (docs/performance.md, issue 6).

They write exactly what django-simple-history's ``bulk_update_with_history`` and
``bulk_create_with_history`` write — the same values (each prepared by its model field, with
``pre_save`` on create as ``bulk_create`` does), the same history rows (type, date, each
object's ``_change_reason`` or the default, the user simple_history would record), in the same
order — but on PostgreSQL:

* an update is one ``UPDATE … FROM jsonb_to_recordset(…)``. Django's ``bulk_update`` sends, per
  field, a ``CASE WHEN id = … THEN …`` with a branch per row, which PostgreSQL evaluates for
  every row: quadratic, 5 s for the 5,000 bids on a popular home, and seconds more to build;
* a create is one ``INSERT … SELECT FROM jsonb_to_recordset(…) RETURNING id``;
* the history rows are then copied from the rows just written with one ``INSERT INTO
  historical… SELECT``, instead of a historical model instance per row.

The rows travel as one JSON document (one parameter), which PostgreSQL reads into typed columns:
a parameter per value, or an array per column, costs more to build and quote in Python than the
writes themselves. On other databases (the embedded SQLite), for history models with fields of
their own and for JSON fields with their own encoder, simple_history's functions are called.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_change_reason_from_object,
    get_history_model_for_model,
)

# The columns simple_history adds to every historical table (anything else: not handled here).
_HISTORY_FIELDS = frozenset({"history_id", "history_date", "history_change_reason",
                             "history_type", "history_user"})
# Values these fields' get_db_prep_save returns unchanged, so they need no call per row.
_PLAIN = (((models.CharField, models.TextField), str),
          ((models.IntegerField, models.ForeignKey), int), ((models.BooleanField,), bool))


def _quote(name: Any) -> str:
    return str(connection.ops.quote_name(name))


def _column_values(field: Any, values: list[Any]) -> list[Any]:
    """The values as ``get_db_prep_save`` prepares them, in JSON: JSON fields as they are
    (``json.dumps`` is what the field does without an encoder), dates and times in ISO 8601
    (PostgreSQL reads them back exactly)."""
    if isinstance(field, models.JSONField):
        return values
    plain = next((kind for classes, kind in _PLAIN if isinstance(field, classes)), None)
    out = []
    for value in values:
        if value is None or (plain is not None and type(value) is plain):
            out.append(value)
            continue
        prepared = field.get_db_prep_save(value, connection)
        out.append(prepared.isoformat() if isinstance(prepared, dt.date | dt.time) else prepared)
    return out


def _records(fields: Sequence[Any], columns: list[list[Any]]) -> tuple[str, str]:
    """One JSON document of records ``{"n": position, "c0": …, "c1": …}`` and its column
    definition list for ``jsonb_to_recordset``."""
    names = [f"c{i}" for i in range(len(fields))]
    rows = [{"n": n, **dict(zip(names, row, strict=True))}
            for n, row in enumerate(zip(*columns, strict=True))]
    definition = ", ".join(["n integer", *(f"{name} {field.db_type(connection)}"
                                           for name, field in zip(names, fields, strict=True))])
    return json.dumps(rows), definition


def _history_model(model: type[models.Model], fields: Sequence[Any]) -> Any:
    """The model's historical model when the fast path can write these fields and copy the
    rows in SQL, else None."""
    if connection.vendor != "postgresql":
        return None
    if any(isinstance(f, models.JSONField) and f.encoder is not None for f in fields):
        return None
    history = get_history_model_for_model(model)
    tracked = {field.name for field in history.tracked_fields}
    own = {field.name for field in history._meta.concrete_fields} - tracked - _HISTORY_FIELDS
    if own or hasattr(history, "history_relation"):
        return None
    return history


def _copy_history(model: type[models.Model], history: Any, objs: Sequence[models.Model], *,
                  history_type: str, date: dt.datetime, default_reason: str | None) -> None:
    """One historical row per object, copied from its row as it is now (call right after
    writing the rows, so they hold exactly the objects' values)."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    # The user simple_history records for an object without its own ``_history_user``: the
    # signed-in user of the request being served, if any (the same for every object).
    default = history.get_default_history_user(SimpleNamespace())
    default_user = default.pk if default is not None else None
    default_date = date.isoformat()
    records = []
    for n, obj in enumerate(objs):
        own = obj.__dict__
        user = own["_history_user"].pk if own.get("_history_user") is not None else (
            None if "_history_user" in own else default_user)
        records.append({"n": n, "pk": obj.pk,
                        "date": own["_history_date"].isoformat() if "_history_date" in own
                        else default_date,
                        "reason": get_change_reason_from_object(obj) or default_reason,
                        "user": user})
    rows = json.dumps(records)
    tracked = history.tracked_fields
    target = [_quote(history._meta.get_field(f.name).column) for f in tracked]
    source = [f"t.{_quote(f.column)}" for f in tracked]
    pk = model._meta.pk
    assert pk is not None
    user_column = _quote(history._meta.get_field("history_user").column)
    # Table and column names come from the models' metadata (quoted); values are parameters.
    sql = (f"INSERT INTO {_quote(history._meta.db_table)} ({', '.join(target)}, "  # noqa: S608
           f"{_quote('history_date')}, {_quote('history_change_reason')}, "
           f"{_quote('history_type')}, {user_column}) "
           f"SELECT {', '.join(source)}, h.date, h.reason, %s, h.\"user\" "
           f"FROM jsonb_to_recordset(%s::jsonb) AS h(n integer, pk {pk.db_type(connection)}, "
           f"date timestamptz, reason text, \"user\" bigint) "
           f"JOIN {_quote(model._meta.db_table)} AS t ON t.{_quote(pk.column)} = h.pk "
           f"ORDER BY h.n")
    with connection.cursor() as cursor:
        cursor.execute(sql, [history_type, rows])


def _load_deferred(objs: Sequence[models.Model], model: type[models.Model]) -> None:
    """Fields the objects were loaded without (``only``), read in one query: simple_history
    builds each history row from the object, and would otherwise load them one by one."""
    deferred = set().union(*(obj.get_deferred_fields() for obj in objs))
    if not deferred:
        return
    rows = {row["pk"]: row for row in model._default_manager.filter(pk__in=[o.pk for o in objs])
            .values("pk", *deferred)}
    for obj in objs:
        for name in obj.get_deferred_fields():
            setattr(obj, name, rows[obj.pk][name])


def update_with_history(objs: Sequence[models.Model], model: type[models.Model],
                        fields: Sequence[str], *, date: dt.datetime) -> None:
    """``bulk_update_with_history(objs, model, fields, default_date=date)``, in two
    statements on PostgreSQL."""
    if not objs:
        return
    columns: list[Any] = [model._meta.get_field(name) for name in fields]
    history = _history_model(model, columns)
    if history is None:
        _load_deferred(objs, model)
        bulk_update_with_history(objs, model, list(fields), default_date=date)
        return
    pk = model._meta.pk
    assert pk is not None
    document, definition = _records([pk, *columns], [
        _column_values(field, [getattr(obj, field.attname) for obj in objs])
        for field in [pk, *columns]])
    sets = ", ".join(f"{_quote(field.column)} = v.c{i + 1}" for i, field in enumerate(columns))
    sql = (f"UPDATE {_quote(model._meta.db_table)} AS t SET {sets} "  # noqa: S608
           f"FROM jsonb_to_recordset(%s::jsonb) AS v({definition}) "
           f"WHERE t.{_quote(pk.column)} = v.c0")
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(sql, [document])
        # bulk_update_with_history passes no default reason (None), unlike bulk_history_create.
        _copy_history(model, history, objs, history_type="~", date=date, default_reason=None)


def create_with_history(objs: Sequence[models.Model], model: type[models.Model], *,
                        date: dt.datetime, change_reason: str) -> None:
    """``bulk_create_with_history(objs, model, default_change_reason=change_reason,
    default_date=date)``, in two statements on PostgreSQL; sets each object's primary key."""
    if not objs:
        return
    pk = model._meta.pk
    fields: list[Any] = [f for f in model._meta.concrete_fields
                         if f is not pk and not f.generated]
    history = _history_model(model, fields)
    if history is None or pk is None or any(obj.pk is not None for obj in objs) \
            or not isinstance(pk, models.AutoField):
        bulk_create_with_history(objs, model, default_change_reason=change_reason,
                                 default_date=date)
        return
    for obj in objs:
        obj._prepare_related_fields_for_save(  # type: ignore[attr-defined]
            operation_name="bulk_create")
    # As bulk_create: pre_save (auto_now and auto_now_add), then the field's preparation.
    document, definition = _records(fields, [
        _column_values(field, [field.pre_save(obj, True) for obj in objs]) for field in fields])
    names = ", ".join(f"v.c{i}" for i in range(len(fields)))
    sql = (f"INSERT INTO {_quote(model._meta.db_table)} "  # noqa: S608
           f"({', '.join(_quote(f.column) for f in fields)}) "
           f"SELECT {names} FROM jsonb_to_recordset(%s::jsonb) AS v({definition}) "
           f"ORDER BY v.n RETURNING {_quote(pk.column)}")
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(sql, [document])
            ids = [row[0] for row in cursor.fetchall()]
        for obj, new_id in zip(objs, ids, strict=True):
            obj.pk = new_id
            obj._state.adding = False
            obj._state.db = connection.alias
        _copy_history(model, history, objs, history_type="+", date=date,
                      default_reason=change_reason)
