"""Front door outcomes the API answers with 409 Conflict."""


class Conflict(Exception):
    """The request clashes with what is already recorded (reused idempotency key, decided contact)."""
