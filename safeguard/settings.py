"""Settings, all read from the environment.

Safe by default: DEBUG is off and SECRET_KEY is required unless DJANGO_DEBUG=1 (which `make run`
sets for the local demo only). DATABASE_URL selects PostgreSQL in production; without it the
demo uses SQLite under var/.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE as CSP_NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAFEGUARD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG")
# The local demo (`make run`): production behaviour (DEBUG off, the site's own 404/403/500 pages,
# static files through WhiteNoise) with the conveniences a laptop needs: a throwaway signing key,
# plain HTTP on 127.0.0.1, static files without collectstatic, seeding and the training clock.
# Never on a live service: it signs sessions with a published key.
SAFEGUARD_DEMO = env_bool("SAFEGUARD_DEMO")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or SAFEGUARD_DEMO):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set unless DJANGO_DEBUG or SAFEGUARD_DEMO is on.")
    SECRET_KEY = "insecure-demo-key-only-for-local-debug"  # noqa: S105 - local demo only

# The key sealing the audit log's hash chain (HMAC-SHA256). Kept out of the database, so a database
# superuser who rewrites entries cannot recompute seals that verify. Required like the secret key.
AUDIT_KEY = os.environ.get("SAFEGUARD_AUDIT_KEY", "")
if not AUDIT_KEY:
    if not (DEBUG or SAFEGUARD_DEMO):
        raise ImproperlyConfigured("SAFEGUARD_AUDIT_KEY must be set unless DJANGO_DEBUG or SAFEGUARD_DEMO is on.")
    AUDIT_KEY = "insecure-demo-audit-key-only-for-local-debug"
# A process seals the audit chain after an audited commit at most once in this many seconds; entries
# written in between wait for its next seal (or the scheduled job's). Under load that is one sealing
# transaction (seven round trips and the head's row lock) for many requests instead of one each.
AUDIT_SEAL_INTERVAL_SECONDS = float(os.environ.get("SAFEGUARD_AUDIT_SEAL_INTERVAL_SECONDS", "1.0"))
# Where `manage.py audit_checkpoint` appends signed checkpoints of the chain's head by default:
# somewhere the database role cannot write (another host, append-only storage, the system log).
AUDIT_CHECKPOINT_FILE = os.environ.get("SAFEGUARD_AUDIT_CHECKPOINT_FILE", "")

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "safeguard.core",
    "safeguard.agencies",
    "safeguard.people",
    "safeguard.access",
    "safeguard.challenges",
    "safeguard.frontdoor",
    "safeguard.family",
    "safeguard.directory",
    "safeguard.demo",
    "safeguard.protection",
    "safeguard.cin",
    "safeguard.matching",
    "safeguard.returns",
    "safeguard.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "safeguard.access.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safeguard.access.middleware.AuditContextMiddleware",
    "safeguard.api.middleware.ApiProblemMiddleware",
    "safeguard.core.integrity.RefuseUnstorableQueryMiddleware",
    "safeguard.access.middleware.AccessOutcomeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "safeguard.core.middleware.TrainingClockMiddleware",
]

# A strict Content-Security-Policy on every page (django-csp): scripts and styles only from this
# site, the two inline scripts GOV.UK Frontend needs carry a per-request nonce (base.html), the
# diagrams' inline SVG styles are allowed by hash (family.views), nothing may frame the service.
# The API's interactive docs page loads Swagger UI from its CDN, so it keeps no CSP of its own.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", CSP_NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "safeguard.urls"
WSGI_APPLICATION = "safeguard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safeguard.web.context_processors.navigation",
                "safeguard.web.context_processors.training_clock",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'safeguard.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers with one writer; waits rather than failing under load.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.Practitioner"
AUTHENTICATION_BACKENDS = ["safeguard.agencies.auth.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in lockout: this many consecutive failures locks the account for the given minutes.
# The largest request body accepted (bytes); bigger ones answer 413 before being read.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("SAFEGUARD_MAX_REQUEST_BYTES", str(5 * 1024 * 1024)))

LOGIN_MAX_FAILURES = int(os.environ.get("SAFEGUARD_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("SAFEGUARD_LOGIN_LOCKOUT_MINUTES", "15"))
# Failed sign-ins (any account) from one client address within the lockout window before that
# address is refused for the window. High enough for an office behind one NAT address.
LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("SAFEGUARD_LOGIN_MAX_FAILURES_PER_ADDRESS", "50"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or SAFEGUARD_DEMO
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or SAFEGUARD_DEMO  # served from the apps' folders: no collectstatic

TASKS = {"default": {"BACKEND": os.environ.get("SAFEGUARD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Sessions: short-lived, HTTP-only, not readable by scripts; secure cookies outside local debug.
SESSION_COOKIE_AGE = int(os.environ.get("SAFEGUARD_SESSION_SECONDS", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not (DEBUG or SAFEGUARD_DEMO):  # the demo is served over plain HTTP on this machine
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# Client address for the audit log: only trust X-Forwarded-For behind a known proxy.
SAFEGUARD_TRUST_X_FORWARDED_FOR = env_bool("SAFEGUARD_TRUST_X_FORWARDED_FOR")

# The partnership's own values (timescales, thresholds). Defaults from DOMAIN.md; see core/clock.py.
SAFEGUARD_EXTRA_NON_WORKING_DAYS = [d for d in os.environ.get("SAFEGUARD_EXTRA_NON_WORKING_DAYS", "").split(",") if d]
# How long a break-glass grant lasts before the practitioner must give a reason again.
SAFEGUARD_BREAK_GLASS_HOURS = int(os.environ.get("SAFEGUARD_BREAK_GLASS_HOURS", "8"))
# Training or acceptance copy: allows the training clock with DJANGO_DEBUG off. Never on a live service.
SAFEGUARD_TRAINING = env_bool("SAFEGUARD_TRAINING") or SAFEGUARD_DEMO
# Training clock: "now" for the whole service (web, API and periodic work), e.g. 2026-12-14T10:00
# (local time). It stands still until changed. Refused unless DJANGO_DEBUG or SAFEGUARD_TRAINING is on.
SAFEGUARD_CLOCK_NOW = None
if os.environ.get("SAFEGUARD_CLOCK_NOW", "").strip():
    if not (DEBUG or SAFEGUARD_TRAINING):
        raise ImproperlyConfigured(
            "SAFEGUARD_CLOCK_NOW sets a training clock, which is refused: DJANGO_DEBUG is off and "
            "SAFEGUARD_TRAINING is not on. A live service must run on the real clock."
        )
    from safeguard.core.clock import parse_moment

    try:
        SAFEGUARD_CLOCK_NOW = parse_moment(os.environ["SAFEGUARD_CLOCK_NOW"], time_zone=TIME_ZONE)
    except ValueError:
        raise ImproperlyConfigured(
            "SAFEGUARD_CLOCK_NOW must be a date and time such as 2026-12-14T10:00"
        ) from None
# Matching model file (Splink JSON); empty = the shipped default.
# `manage.py train_match_model --from-people` writes var/match_model.json.
# Statutory returns: the local authority's three-digit DfE code (999 is the demo's fictional
# Wrekinshire, no real authority's), and the interpreter of the DfE CIN validator's own venv
# (`make cin-validator`); where it is missing, the pre-submission report runs Safeguard's own checks only.
SAFEGUARD_LA_CODE = os.environ.get("SAFEGUARD_LA_CODE", "999")
SAFEGUARD_CIN_VALIDATOR_PYTHON = os.environ.get(
    "SAFEGUARD_CIN_VALIDATOR_PYTHON", str(BASE_DIR / ".venv-cin-validator" / "bin" / "python")
)

SAFEGUARD_MATCH_MODEL = os.environ.get("SAFEGUARD_MATCH_MODEL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAFEGUARD_LOG_LEVEL", "INFO")},
}
