"""Querysets compiled once per process, for the few statements every request runs.

Django compiles every queryset afresh: building and compiling the signed-in practitioner with their
active memberships, teams and agencies (four tables, `select_related`) costs ≈ 0.6 ms of CPU, more
than running it, and every request (API token or session) runs it. Its SQL never changes; only one
value does (the token's prefix, the user's id) and the day (memberships in force today). A
`PreparedQuery` compiles its queryset once per thread, database and day, with a stand-in for that
value, then runs the same SQL with the real value and builds the model instances (and the rows
`select_related` follows, and annotations) exactly as the queryset would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators


class PreparedQuery:
    """`build(value, today)` makes the queryset (of model instances, or `values_list()` tuples);
    `stand_in` is a value of the same type that real values never take (it marks where the value
    goes among the compiled parameters)."""

    def __init__(self, build: Callable[[object, date], QuerySet], *, stand_in: object) -> None:
        self.build, self.stand_in = build, stand_in
        self._local = threading.local()

    def _compiled(self, today: date):
        cached = getattr(self._local, "compiled", None)
        if cached is not None and cached[0] == today:
            return cached[1]
        queryset = self.build(self.stand_in, today)
        if (queryset._known_related_objects or queryset._prefetch_related_lookups
                or queryset._iterable_class not in (ModelIterable, ValuesListIterable)):
            raise ValueError("A prepared query builds model instances or values_list() tuples, without prefetches")
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        slots = [i for i, param in enumerate(params) if param == self.stand_in]
        if not slots:
            raise ValueError("The stand-in value does not appear among the query's parameters")
        compiled = (db, compiler, sql, tuple(params), slots, queryset._iterable_class is ValuesListIterable)
        self._local.compiled = (today, compiled)
        return compiled

    def __call__(self, value: object, today: date) -> list[Model] | list[tuple]:
        db, compiler, sql, params, slots, values_list = self._compiled(today)
        params = list(params)
        for i in slots:
            params[i] = value
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            results = [cursor.fetchall()]
        if values_list:  # as ValuesListIterable: the rows as tuples, through the columns' converters
            return list(compiler.results_iter(results, tuple_expected=True))
        select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
        # As django.db.models.query.ModelIterable does after executing the compiled query.
        model_cls = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        related_populators = get_related_populators(klass_info, select, db)
        objects = []
        for row in compiler.results_iter(results):
            obj = model_cls.from_db(db, init_list, row[start:end])
            for populator in related_populators:
                populator.populate(row, obj)
            for name, position in (annotation_col_map or {}).items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects
