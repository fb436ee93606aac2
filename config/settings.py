"""Settings of Sinergi P4GN, read from the environment only.

Every knob is an environment variable; nothing is read from a local Python file. The embedded default
(no variable set) is SQLite in ``SINERGI_DATA_DIR`` with a secret key generated and kept there.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Accept only True/False spellings, so a typo fails loudly instead of silently meaning False."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SINERGI_ENV = env_str("SINERGI_ENV", "development")
if SINERGI_ENV not in ("development", "production", "test"):
    raise ImproperlyConfigured(f"SINERGI_ENV must be development, production or test, not {SINERGI_ENV!r}")
PRODUCTION = SINERGI_ENV == "production"

DATA_DIR = Path(env_str("SINERGI_DATA_DIR", str(BASE_DIR / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when SINERGI_ENV=production")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", default=SINERGI_ENV == "development")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sinergi.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend plus an in-process write queue: threads take turns on a Python lock (core/sqlite).
    DATABASES["default"]["ENGINE"] = "sinergi.core.sqlite"
    # WAL lets readers go on while one writer writes; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for its turn, then for the lock, before "database is locked" (answered 503).
        "timeout": env_int("SINERGI_SQLITE_TIMEOUT", 20),
        "write_queue": env_bool("SINERGI_SQLITE_WRITE_QUEUE", True),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "sinergi.core",
    "sinergi.regions",
    "sinergi.accounts",
    "sinergi.organizations",
    "sinergi.planning",
    "sinergi.reporting",
    "sinergi.programmes",
    "sinergi.coordination",
    "sinergi.insights",
    "sinergi.exchange",
    "sinergi.notifications",
    "sinergi.documents",
    "sinergi.workspace",
    "sinergi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sinergi.core.locale_middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "sinergi.core.middleware.CurrentGovernmentMiddleware",
    "sinergi.core.middleware.ApiErrorShapeMiddleware",
    "sinergi.core.middleware.DatabaseBusyMiddleware",
    # Axes must be last: it turns a lockout raised anywhere above into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sinergi.core.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: lock a username *from one address* after repeated failures, so an attacker cannot lock a
# real official out from elsewhere.
AXES_FAILURE_LIMIT = env_int("SINERGI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SINERGI_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address: the connecting one, or from X-Forwarded-For as written by these proxies (IPs/CIDRs).
SINERGI_TRUSTED_PROXIES = env_list("SINERGI_TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "sinergi.core.client_ip.client_ip"
# Sign-in attempts (login form and token endpoint) per client address per minute, whatever the usernames.
SINERGI_LOGIN_RATE_PER_MINUTE = env_int("SINERGI_LOGIN_RATE_PER_MINUTE", 20)
# Days an API token stays valid after its creation.
SINERGI_TOKEN_DAYS = env_int("SINERGI_TOKEN_DAYS", 90)
AXES_LOCKOUT_CALLABLE = "sinergi.accounts.views.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "sinergi" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = None  # uploads are served only through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
SINERGI_LOGO_MAX_BYTES = env_int("SINERGI_LOGO_MAX_BYTES", 2 * 1024 * 1024)
SINERGI_IMPORT_MAX_BYTES = env_int("SINERGI_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
SINERGI_IMPORT_MAX_ROWS = env_int("SINERGI_IMPORT_MAX_ROWS", 5000)
SINERGI_IMPORT_MAX_COLUMNS = env_int("SINERGI_IMPORT_MAX_COLUMNS", 200)
SINERGI_IMAGE_MAX_PIXELS = env_int("SINERGI_IMAGE_MAX_PIXELS", 25_000_000)
SINERGI_IMAGE_MAX_SIDE = env_int("SINERGI_IMAGE_MAX_SIDE", 1200)
SINERGI_EVIDENCE_MAX_BYTES = env_int("SINERGI_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# An exchange package (a government's semester with its PDFs) uploaded for import.
SINERGI_EXCHANGE_MAX_BYTES = env_int("SINERGI_EXCHANGE_MAX_BYTES", 20 * 1024 * 1024)
# Periods with more reports than this get their consolidated report from `sinergi generate_documents`.
SINERGI_SYNC_DOCUMENT_REPORTS = env_int("SINERGI_SYNC_DOCUMENT_REPORTS", 150)

# E-mail: the console by default, SMTP when EMAIL_HOST is set (Django 6.1's MAILERS).
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST  # the MAILERS entry above is the only e-mail configuration
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sinergi P4GN <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. The CSP allows only our own scripts; styles may be inline for the API docs page.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SINERGI_SESSION_HOURS", 12) * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
