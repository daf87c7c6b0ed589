"""Fast unsaved model instances for the bulk writer."""

from __future__ import annotations

from django.db.models.base import ModelState


def instance_factory(model):
    """A fast constructor for unsaved `model` instances, for bulk inserts.

    `Model.__init__` walks every field on every call and dominated generation time; this copies a
    template of the field defaults instead. Fields with a callable default (ids, timestamps,
    JSON lists) must be given explicitly, except `auto_now`/`auto_now_add` fields, which the
    bulk writer fills in with the time of writing when they are not given.
    """
    template = {k: v for k, v in model().__dict__.items() if k != "_state"}
    required = frozenset(
        f.attname
        for f in model._meta.concrete_fields
        if f.has_default() and callable(f.default) and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    )
    known = frozenset(template)
    new = object.__new__  # Model defines no __new__ of its own

    def make(**values):
        keys = values.keys()
        if not required <= keys <= known:
            raise TypeError(f"{model.__name__}: missing {sorted(required - keys)} or unknown {sorted(keys - known)}")
        obj = new(model)
        obj.__dict__ = {**template, **values, "_state": ModelState()}
        return obj

    make.model = model
    return make
