"""Rapport's settings: one module, every value read from the environment.

The variables are documented in docs/operations.md. RAPPORT_MODE=production
turns on the deployment hardening that `manage.py check --deploy` asks for.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from config.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("RAPPORT_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

MODE = env_str("RAPPORT_MODE", "development")
if MODE not in {"development", "production"}:
    raise ConfigError("RAPPORT_MODE must be development or production")
PRODUCTION = MODE == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ConfigError("DEBUG must be false when RAPPORT_MODE=production")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ConfigError("SECRET_KEY must be set when RAPPORT_MODE=production")
    # A development key kept beside the SQLite database, so sessions survive a
    # restart and no secret is ever committed.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # Rapport, lowest layer first: an app may import only the apps above it here.
    "rapport.core",
    "rapport.accounts",
    "rapport.notifications",
    "rapport.companies",
    "rapport.network",
    "rapport.members",
    "rapport.limits",
    "rapport.groups",
    "rapport.invitations",
    "rapport.contacts",
    "rapport.conversations",
    "rapport.trust",
    "rapport.posts",
    "rapport.discussions",
    "rapport.influence",
    "rapport.suggestions",
    "rapport.networkmap",
    "rapport.references",
    "rapport.dataexport",
    "rapport.operations",
    "rapport.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Turns a throttled log-in into the log-in page with the reason (rapport.accounts.throttle).
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    # A page's empty 405 becomes the site's 405 page; the API keeps its JSON.
    "rapport.core.error_pages.MethodNotAllowedPage",
    # A page view asks each repeated read once (rapport.core.request_memo).
    "rapport.core.request_memo.RequestMemo",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rapport.notifications.context_processors.unread_notifications",
                "rapport.invitations.context_processors.pending_invitations",
                "rapport.conversations.context_processors.message_counts",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'rapport.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers proceed while one writer commits; IMMEDIATE takes the
    # write lock when a transaction starts, so two writers queue on the busy
    # timeout instead of failing with "database is locked" on lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-rapport-{os.getpid()}.sqlite3")}
else:
    # One test database per test process, so two runs in one checkout (or on one
    # server) never drop each other's database; each is dropped when its run ends.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a cooling-off account or address is refused before its password is checked.
    "rapport.accounts.backends.ThrottledBackend",
    "rapport.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Files answered at the site root, such as /favicon.ico, which browsers ask for unprompted.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# Uploaded photos are capped well below this; the cap stops oversized bodies early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Where links in e-mails point (the worker has no request to read the host from).
SITE_URL = env_str("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    # Every e-mail's links start here, the one-click unsubscribe (RFC 8058) included.
    raise ConfigError("SITE_URL must be the site's https:// address when RAPPORT_MODE=production")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Rapport <rapport@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_HTTPONLY = True
# The site's own page, rendered with the request (Django's has an inline style the CSP blocks).
CSRF_FAILURE_VIEW = "rapport.core.error_pages.csrf_failure"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag instead
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy (django-csp; decision 0013): scripts, styles and
# images only from this site, no inline script or style anywhere, nothing may frame
# a page. The API docs add data: images for Swagger's icons (config/api.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers ask over plain HTTP inside the network; a redirect is not an answer.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if env_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Failed log-ins (django-axes; rapport.accounts.throttle, decision 0012): a few per
# account, more per client address, then a cool-off — never a permanent lock-out.
AXES_HANDLER = "rapport.accounts.throttle.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("RAPPORT_LOGIN_FAILURES_PER_ACCOUNT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("RAPPORT_LOGIN_COOLOFF_MINUTES", 15))
# More tries while locked must not push the end of the cool-off further away.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "rapport.accounts.throttle.login_key"
AXES_LOCKOUT_CALLABLE = "rapport.accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful log-in's address
AXES_VERBOSE = False
if env_bool("BEHIND_PROXY", False):
    # The client's address as the one trusted proxy in front of Rapport saw it.
    AXES_IPWARE_META_PRECEDENCE_ORDER: tuple[str, ...] = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Rapport's start-up settings. The limits members meet (caps, windows, the guard's
# thresholds) are declared by each capability in its limits.py and changed on the
# operators' limits page or with `rapport limits set`; their RAPPORT_* variables still
# fix them at start-up (core/limits.py).
RAPPORT = {
    "PHOTO_MAX_BYTES": env_int("RAPPORT_PHOTO_MAX_BYTES", 2 * 1024 * 1024),
    "PHOTO_MAX_PIXELS": env_int("RAPPORT_PHOTO_MAX_PIXELS", 4096),
    "SEARCH_PAGE_SIZE": env_int("RAPPORT_SEARCH_PAGE_SIZE", 20),
    "API_PAGE_SIZE_MAX": env_int("RAPPORT_API_PAGE_SIZE_MAX", 100),
    "LOGIN_FAILURES_PER_ADDRESS": env_int("RAPPORT_LOGIN_FAILURES_PER_ADDRESS", 20),
    # Messaging (docs/operations.md): a message's length, and how often an open
    # conversation asks for new messages.
    "MESSAGE_MAX_CHARS": env_int("RAPPORT_MESSAGE_MAX_CHARS", 4000),
    "MESSAGE_POLL_SECONDS": env_int("RAPPORT_MESSAGE_POLL_SECONDS", 4),
    # Contacts (docs/operations.md, decision 0016): e-mailing non-members an invitation to
    # join is off unless the operator turns it on (then contacts.joins_per_week holds).
    "CONTACTS_JOIN_INVITATIONS": env_bool("RAPPORT_CONTACTS_JOIN_INVITATIONS", False),
    # /readyz (docs/operations.md): how long a ready job may wait before the site is
    # reported not ready (the worker is down or cannot keep up).
    "READY_MAX_QUEUE_SECONDS": env_int("RAPPORT_READY_MAX_QUEUE_SECONDS", 600),
    # Posts and companies (docs/operations.md, decisions 0017, 0018): the cover picture's
    # and the logo's limits; how long the server may spend fetching a link's preview,
    # and how much of the page it reads.
    "COVER_MAX_BYTES": env_int("RAPPORT_COVER_MAX_BYTES", 5 * 1024 * 1024),
    "COVER_MAX_PIXELS": env_int("RAPPORT_COVER_MAX_PIXELS", 4096),
    "LOGO_MAX_BYTES": env_int("RAPPORT_LOGO_MAX_BYTES", 2 * 1024 * 1024),
    "LOGO_MAX_PIXELS": env_int("RAPPORT_LOGO_MAX_PIXELS", 2048),
    "LINK_PREVIEW_SECONDS": env_int("RAPPORT_LINK_PREVIEW_SECONDS", 3),
    "LINK_PREVIEW_MAX_BYTES": env_int("RAPPORT_LINK_PREVIEW_MAX_BYTES", 512 * 1024),
    # How often an open page asks the server for the bell's count.
    "NOTIFICATION_POLL_SECONDS": env_int("RAPPORT_NOTIFICATION_POLL_SECONDS", 30),
    # Whether search breaks ties by influence (only scores members chose to show).
    "INFLUENCE_IN_SEARCH": env_bool("RAPPORT_INFLUENCE_IN_SEARCH", False),
    # Tests serve preview pages from 127.0.0.1; a real site never fetches private addresses.
    "LINK_PREVIEW_PRIVATE_HOSTS": env_bool("RAPPORT_LINK_PREVIEW_PRIVATE_HOSTS", False),
}

# The graph index (docs/operations.md, decision 0008).
RAPPORT_GRAPH_DIR = Path(env_str("RAPPORT_GRAPH_DIR", str(VAR_DIR / "graph")))
RAPPORT_GRAPH_REFRESH_SECONDS = float(env_str("RAPPORT_GRAPH_REFRESH_SECONDS", "0.5"))
RAPPORT_GRAPH_PATCH_LIMIT = env_int("RAPPORT_GRAPH_PATCH_LIMIT", 2_000_000)
RAPPORT_GRAPH_LOG_RETENTION_HOURS = env_int("RAPPORT_GRAPH_LOG_RETENTION_HOURS", 24 * 7)
