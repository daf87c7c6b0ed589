"""Access outcomes that views and routers turn into HTTP answers."""


class NotFound(Exception):
    """The record does not exist *or* the actor may not see it: both answer 404, never 403."""


class Forbidden(Exception):
    """The actor may see the record but not do this to it (e.g. change it with view-only access)."""


class InvalidInput(Exception):
    """Field-level validation failure: {field: [messages]}. Nothing was changed."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("invalid input")
        self.errors = errors


class StaleVersion(Exception):
    """The record changed since the actor read it (their version is not the current one): nothing
    was saved, so nobody's change is silently overwritten. The API answers 412, pages 409."""

    def __init__(self, current_version: int):
        super().__init__("the record has changed since it was read")
        self.current_version = current_version
