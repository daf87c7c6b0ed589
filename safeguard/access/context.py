"""Per-request facts the audit log needs (request id, client address), set by middleware."""

from __future__ import annotations

import contextvars
import dataclasses


@dataclasses.dataclass(frozen=True)
class AuditContext:
    request_id: str = ""
    client_ip: str = ""
    channel: str = ""  # "web", "api" or "command"


_current: contextvars.ContextVar[AuditContext] = contextvars.ContextVar("audit_context", default=AuditContext())  # noqa: B039 - frozen


def current() -> AuditContext:
    return _current.get()


def bind(context: AuditContext) -> contextvars.Token:
    return _current.set(context)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
