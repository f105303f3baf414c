"""fazhi settings: one env-driven module; SQLite under DATA_DIR by default, DATABASE_URL selects PostgreSQL."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from fazhi.core.private import private_dir, private_file

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FAZHI_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes" are true)."""
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "fazhi-insecure-development-key-change-me-in-production")
# DJANGO_ENV=production turns on the deployment hardening (HTTPS only, secure cookies, HSTS; see "Web hardening").
PRODUCTION = os.environ.get("DJANGO_ENV", "development").strip().lower() == "production"
_DEFAULT_HOSTS = "" if PRODUCTION else "127.0.0.1,localhost,testserver"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", _DEFAULT_HOSTS).split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "csp",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "fazhi.core",
    "fazhi.accounts",
    "fazhi.audit",
    "fazhi.cases",
    "fazhi.rulebook",
    "fazhi.enforcement",
    "fazhi.lenient",
    "fazhi.business",
    "fazhi.reconsideration",
    "fazhi.mediation",
    "fazhi.legal_aid",
    "fazhi.legality",
    "fazhi.supervision",
    "fazhi.documents",
    "fazhi.indicators",
    "fazhi.api",
    "fazhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fazhi.core.csp.CSPMiddleware",  # django-csp's (default header built once): Content-Security-Policy everywhere
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "fazhi.core.write_language.WriteInPlatformLanguageMiddleware",  # steps store labels in Chinese, not the reader's
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhi.core.ratelimit.AnonymousRateLimitMiddleware",  # per-address limit on every page anonymous can reach
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor of this session
    "fazhi.accounts.middleware.StaffSessionMiddleware",  # idle timeout; staff pages wait for the second factor
    "fazhi.audit.middleware.RequestContextMiddleware",
    "fazhi.audit.middleware.FazhiAuditlogMiddleware",  # auditlog's, with the client address of fazhi.core.clientip
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page with its message
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'fazhi.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The data directory 0700 and the database file 0600 (SQLite gives its -wal and -shm files the database's mode).
    private_file(DATABASES["default"]["NAME"], directory=DATA_DIR)
    # WAL + a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:my_tasks"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("FAZHI_FAST_HASHER", False):  # tests only: argon2 costs ~50 ms per login
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fazhi.accounts.validators.CharacterClassValidator"},  # 3 of upper, lower, digit, symbol
]
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "fazhi.core.errors.csrf_failure"  # the Chinese 403 page that says the form was not saved
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Web hardening (issue 6) ------------------------------------------------------------------------------------
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# django-csp: only this site's own files; no inline script (a template that needs one uses {{ request.csp_nonce }}).
# Inline style *attributes* stay allowed for ECharts' HTML tooltips; <style> elements and style files do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
FAZHI_ANON_RATE = os.environ.get("FAZHI_ANON_RATE", "120/m")  # anonymous page requests per address
# The rule book's go-live day: a normative document published from then on is registered, or imported, only with the
# The address citizens reach the public pages at (the QR code on an enforcement certificate points there); empty: the
# address the staff member's request came in on (fine when staff and citizens use the same host).
FAZHI_PUBLIC_BASE_URL = os.environ.get("FAZHI_PUBLIC_BASE_URL", "")
# legality review that found it lawful (docs/rulebook.md "Import"); set it to the day the bureau starts using fazhi.
FAZHI_RULEBOOK_REVIEW_FROM = os.environ.get("FAZHI_RULEBOOK_REVIEW_FROM", "2026-12-01")
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):  # only behind a proxy that sets X-Forwarded-Proto itself
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "fazhi" / "locale"]  # the English catalog (docs/translations.md)
LANGUAGE_COOKIE_HTTPONLY = True  # the language switch's cookie: no script needs it
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
# Uploads are sealed at rest with the personal-data keys (fazhi.core.sealed), private to the server's user.
STORAGES = {
    "default": {"BACKEND": "fazhi.core.sealed.SealedFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
private_dir(DATA_DIR)
if MEDIA_ROOT.exists():
    private_dir(MEDIA_ROOT)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call gets 401 with a WWW-Authenticate header rather than 403.
        # The only token type: scoped, expiring, revocable (DRF's unscoped authtoken is not installed).
        "fazhi.accounts.authentication.ApiTokenAuthentication",
        "fazhi.accounts.authentication.VerifiedSessionAuthentication",  # refuses a session without 2nd factor
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "fazhi.api.permissions.TokenScopePermission",  # a read-only machine token cannot write
    ],
    "DEFAULT_SCHEMA_CLASS": "fazhi.api.schema.AutoSchema",  # every status and parsing rule in the schema
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],  # machine clients send JSON; 415 otherwise
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "fazhi.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "fazhi.api.throttles.AnonThrottle",  # keyed on fazhi.core.clientip, like the page limits and the lockout
        "fazhi.api.throttles.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("FAZHI_API_ANON_RATE", "60/minute"),
        "user": os.environ.get("FAZHI_API_USER_RATE", "1200/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fazhi API",
    "DESCRIPTION": "法治 — judicial administration case management API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,  # request bodies get their own components, with the constraints of parsing
    "ENUM_NAME_OVERRIDES": {
        "PartyKindEnum": "fazhi.cases.models.Party.Kind",
        "ChannelEnum": "fazhi.cases.models.Channel",
        "ReviewKindEnum": "fazhi.legality.choices.ReviewKind",
        "DocumentKindEnum": "fazhi.rulebook.choices.DocumentKind",
        "DocumentStatusEnum": "fazhi.rulebook.choices.Status",
        "CertificateStatusEnum": "fazhi.enforcement.choices.Status",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every record is scrubbed of ID-number-like and phone-like substrings before any handler writes it.
    "filters": {"pii": {"()": "fazhi.core.logging.PIIMaskingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["pii"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own loggers write through the scrubbed console handler, not their unfiltered defaults.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# Personal data at rest (fazhi/core/crypto.py): Fernet keys, newest first, comma-separated; rotate with
# `manage.py rotate_pii_keys`. The blind-index key is separate (changing it needs `rotate_pii_keys --reindex`).
# Unset, both fall back to public development keys, which `check --deploy` refuses with DEBUG off.
FAZHI_PII_KEYS = [k.strip() for k in os.environ.get("FAZHI_PII_KEYS", "").split(",") if k.strip()] or [
    "ZmF6aGktZGV2ZWxvcG1lbnQta2V5LU5PVC1TRUNSRVQ="  # fazhi.core.crypto.DEVELOPMENT_KEY — public, not secret
]
FAZHI_PII_INDEX_KEY = os.environ.get("FAZHI_PII_INDEX_KEY", "fazhi-development-index-key-NOT-SECRET")
AUDITLOG_CID_GETTER = "fazhi.audit.context.get_request_id"
# Access records and change history are kept this many days, then `manage.py purge_audit` deletes them. The floor
# is 183 (等保 2.0 / 网络安全法 art. 21: logs kept at least six months); the default of three years outlasts the
# general limitation period (民法典 art. 188), so a person's complaint about who read their file can still be traced.
FAZHI_AUDIT_RETENTION_DAYS = int(os.environ.get("FAZHI_AUDIT_RETENTION_DAYS", str(3 * 365)))
# Reverse proxies (comma-separated IPs) whose X-Forwarded-For is believed: the one rule (fazhi.core.clientip) by
# which rate limits, lockouts and access records name the client. Empty: REMOTE_ADDR, the header is ignored.
FAZHI_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("FAZHI_TRUSTED_PROXIES", "").split(",") if p.strip()]

# --- Staff login hardening (issue 6: second factor, lockout, idle timeout) -------------------------------------
# Axes first: it refuses a locked-out username+IP before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))  # wrong passwords and wrong TOTP codes
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one user from one address
AXES_RESET_ON_SUCCESS = False  # reset by fazhi.accounts after the second factor too, so wrong codes count
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # locked for 30 minutes from the lockout, not from the last try
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "fazhi.accounts.views.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
AXES_VERBOSE = False  # no banner on every management command
AXES_CLIENT_IP_CALLABLE = "fazhi.core.clientip.client_ip"  # a client-written X-Forwarded-For is never believed
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "fazhi 法治")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a TOTP secret or its QR code
# Idle timeout: a session unused this long is logged out (the 8-hour SESSION_COOKIE_AGE stays the absolute cap).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
