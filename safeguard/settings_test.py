"""Test settings: production settings with a throwaway key, no HTTPS redirect, plain static files."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SAFEGUARD_AUDIT_KEY", "test-only-audit-key-not-for-production")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from safeguard.settings import *  # noqa: E402,F403
from safeguard.settings import STORAGES  # noqa: E402

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Every API response in every test must have a status its OpenAPI operation declares.
MIDDLEWARE = [*MIDDLEWARE, "safeguard.api.contract.DeclaredStatusMiddleware"]  # noqa: F405
# Still argon2 (what production uses), with tiny parameters so fixtures with many users stay fast.
PASSWORD_HASHERS = ["safeguard.testing.hashers.FastArgon2PasswordHasher"]
