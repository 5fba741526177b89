"""Settings for the Qiaokou citizen-services portal.

One module, read from the environment (see CONTRACT §2 and the README). Safe by default:
debug is off unless ``DJANGO_DEBUG=1``, and production security settings are on whenever
debug is off.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from apps.core import basemap

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env("DJANGO_SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
# ``manage.py makemigrations`` only compares models with migration files: it never signs,
# hashes or serves anything, so it runs without production secrets (developers' checks, CI)
_OFFLINE_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["makemigrations"]
if not SECRET_KEY and _OFFLINE_COMMAND:
    SECRET_KEY = "makemigrations-only-never-serves-requests"  # noqa: S105
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is not 1.")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # the portal, lowest layer first
    "apps.core",
    "apps.facts",
    "apps.places",
    "apps.accounts",
    "apps.notices",
    "apps.canteens",
    "apps.charging",
    "apps.parks",
    "apps.eldercare",
    "apps.parking",
    "apps.accessibility",
    "apps.health",
    "apps.opendata",
    "apps.projects",
    "apps.housing_swap",
    "apps.coverage",
    "apps.reports",
    "apps.privacy",
    "apps.backoffice",
]

MIDDLEWARE = [
    # issue 10: X-Request-ID in/out, and the id in every log record
    "apps.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # issue 19: HTML/JSON compressed by the app when no proxy does it; above every middleware
    # that reads or writes the body; only for requests without credentials (BREACH: see
    # apps/core/compression.py)
    "apps.core.compression.PublicGZipMiddleware",
    # issue 10: the header middlewares sit outside RequestGuardMiddleware, so its early
    # answers (413, 400, 503) carry the same headers as every other response
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # issue 10: body-size and NUL-character limits before anything reads the body; 503 when
    # the database is unreachable; Retry-After on every 429 (apps/core/middleware.py)
    "apps.core.middleware.RequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # issue 7 / 18: sessions expire (staff 30 min idle, 12 h absolute; residents 12 h, 30 min
    # idle on a shared computer); staff pass TOTP before anything (apps/accounts/security.py)
    "apps.accounts.security.StaffSessionMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes: lockout of repeated failed admin sign-ins (keep last)
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.portal",
                "apps.notices.context_processors.notices",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # No JIT: the lists' page queries read a few hundred index entries but are estimated
    # above jit_above_cost, and compiling them took 35-95 ms of an 80 ms query (issue 21).
    # A random page read costed as on an SSD or in memory (PostgreSQL's default, 4, is a
    # spinning disk's): with 4 the planner hashed a whole kind's table (60,000 rows, 15 ms)
    # rather than probe the few hundred ids a filtered list page walks (3 ms; bench/lists.py).
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c jit=off -c random_page_cost={env.float('DJANGO_PG_RANDOM_PAGE_COST', default=1.1)}")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker writes; a busy timeout instead of
    # "database is locked" errors. Connections are kept a minute, as on PostgreSQL: opening
    # one (and reading the schema) cost 1.6-2 ms of every request (bench/lists.py, issue 21).
    # detect_types 0: the driver parses no column by its declared type (Django's default asks it
    # to); Django's own converters read the text, as they do for every expression already,
    # and the lists remember their answers (apps.core.prefetch): a canteen page's ~350 times
    # were parsed twice (issue 21).
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "detect_types": 0}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, but an unreachable Redis means misses and no-ops (logged
            # once) instead of errors, so browsing goes on (apps/core/cache/backend.py)
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -------------------------------------------------------------------------
# At-least-once delivery; tasks are idempotent on top (see apps/notices).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # longer than any retry delay, so an unacknowledged task is re-delivered only when
    # its worker is really gone
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict = {}  # each app adds its jobs in apps/<app>/beat.py, see below

# --- Accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
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
AUTHENTICATION_BACKENDS = [
    "apps.accounts.security.PortalAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Staff login security (issue 7): admin sign-in lockout per account and per address,
# proxy-aware; staff session lifetimes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ONLY_ADMIN_SITE = True
AXES_HANDLER = "apps.accounts.security.PortalAxesHandler"  # records admin sign-ins only
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "apps.accounts.security.lockout_response"
# the same proxy-aware client address as the API throttles (DJANGO_NUM_PROXIES)
AXES_CLIENT_IP_CALLABLE = "apps.accounts.api.client_ip"
AXES_VERBOSE = False
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=12 * 3600)
# issue 18 item 7: residents' sessions end 12 h after sign-in, and after 30 min idle when they
# tick "this is a shared computer" at sign-in
RESIDENT_SESSION_MAX_SECONDS = env.int("RESIDENT_SESSION_MAX_SECONDS", default=12 * 3600)
RESIDENT_SHARED_DEVICE_IDLE_SECONDS = env.int("RESIDENT_SHARED_DEVICE_IDLE_SECONDS", default=30 * 60)
OTP_TOTP_ISSUER = "Qiaokou portal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no TOTP key or QR code in the admin, to anyone
# issue 18 item 1: every staff account needs a verified TOTP device; enrolment only by the
# district administrator's invitation, valid this many days
TWO_FACTOR_INVITATION_DAYS = env.int("TWO_FACTOR_INVITATION_DAYS", default=3)

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Private uploads (application documents) live outside MEDIA_ROOT and are only served
# through views that check the viewer.
PRIVATE_MEDIA_ROOT = Path(env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private")))
# Hashed, compressed, cached-forever static files in production (after collectstatic);
# plain files served from the source folders in development and tests.
STATIC_MANIFEST = env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    # issue 10: uploads are written all or nothing (apps/core/uploads.py)
    "default": {"BACKEND": "apps.core.uploads.SafeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST
WHITENOISE_MANIFEST_STRICT = False
# issue 19: favicon.ico, touch icons and robots.txt are served at the site's root
WHITENOISE_ROOT = BASE_DIR / "webroot"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# issue 10: the largest request body of any kind (multipart uploads included); larger
# requests are answered 413 before they are read (apps/core/middleware.py).
PORTAL_MAX_REQUEST_SIZE = env.int("DJANGO_MAX_REQUEST_SIZE", default=11 * 1024 * 1024)

# --- Map ----------------------------------------------------------------------------
# issue 19: the base map under the Leaflet maps (apps/core/basemap.py). A fresh install has
# none and makes no request outside the portal until a provider is configured: MAP_PROVIDER
# none | tianditu (with TIANDITU_KEY) | amap | baidu | osm | custom (MAP_TILE_URL + MAP_TILE_CRS).
# MAP_TILE_URL alone still means a custom WGS-84 template, as before.
MAP_PROVIDER = env("MAP_PROVIDER", default="")
MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_CRS = env("MAP_TILE_CRS", default="wgs84")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")
MAP_TILE_SUBDOMAINS = env("MAP_TILE_SUBDOMAINS", default="")
TIANDITU_KEY = env("TIANDITU_KEY", default="")

# --- Email and SMS ------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent_emails"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Qiaokou Citizen Services <noreply@qiaokou.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env("SMS_BACKEND", default="apps.notices.sms.LocalSMSBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", default=str(BASE_DIR / "sent_sms"))
# Public base URL used in links inside emails and SMS (unsubscribe, project pages).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# --- Personal data ------------------------------------------------------------------
# Key for encrypting ID/certificate numbers at rest and for the keyed look-up hash.
# Derived from SECRET_KEY in development; set it explicitly in production.
PERSONAL_DATA_KEY = env("PERSONAL_DATA_KEY", default="")

# Housing swap (issue 18 item 3): approving a voucher above this amount (CNY) needs a second,
# different approver (as does a valuation per m² outside the round's band).
HOUSING_SWAP_SECOND_APPROVAL_ABOVE_YUAN = env.int("HOUSING_SWAP_SECOND_APPROVAL_ABOVE_YUAN", default=2_000_000)

# --- REST framework and OpenAPI -----------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # hashed, expiring, revocable keys (apps/accounts/tokens.py; issue 18); first, so
        # a refused key is answered 401 with ``WWW-Authenticate: Token``
        "apps.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # DRF's JSON, encoded by orjson (apps/core/renderers.py); the browsable API as before
    "DEFAULT_RENDERER_CLASSES": [
        "apps.core.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.PortalPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "apps.core.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "register": env("THROTTLE_REGISTER", default="20/hour"),
        "nearby": env("THROTTLE_NEARBY", default="6000/min"),
        "application_submit": env("THROTTLE_APPLICATION_SUBMIT", default="20/hour"),
        # problem reports: new reports and "me too", per account and per address
        "report_submit": env("THROTTLE_REPORT_SUBMIT", default="10/hour"),
        "report_support": env("THROTTLE_REPORT_SUPPORT", default="60/hour"),
    },
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Qiaokou citizen-services portal API",
    "DESCRIPTION": "Facilities, nearby search, livelihood projects, notices and the housing-swap scheme.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from the portal itself (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # issue 10: the default enum hook, plus TimeField values described as DRF sends them
    # (apps/core/schema.py), so the schema does not lie to clients and fuzzers
    # issue 10: names for choice sets that several serializers share, so the schema gets
    # stable names instead of hashed ones (and check --deploy no warnings)
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "apps.projects.models.Status",
        "DocumentKindEnum": "apps.housing_swap.models.DocumentKind",
        "NotificationFrequencyEnum": "apps.notices.models.Frequency",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.schema.postprocess_time_formats",
    ],
}
# Failed token requests per username / per IP before a 429 (CONTRACT §4 Accounts).
AUTH_FAILURE_LIMIT_PER_USER = env.int("AUTH_FAILURE_LIMIT_PER_USER", default=5)
AUTH_FAILURE_LIMIT_PER_IP = env.int("AUTH_FAILURE_LIMIT_PER_IP", default=20)
AUTH_FAILURE_WINDOW_SECONDS = env.int("AUTH_FAILURE_WINDOW_SECONDS", default=900)
# Password-reset mails to one address per window, whoever asks (issue 18 item 11): past it
# the "sent" page is shown and nothing more is sent (never a 429 for the owner).
PASSWORD_RESET_MAILS_PER_ADDRESS = env.int("PASSWORD_RESET_MAILS_PER_ADDRESS", default=5)
# While the cache (Redis) is unreachable (issue 18 item 11): throttle scopes that refuse
# everything (429), scopes let through uncounted; every other scope is counted in the
# database meanwhile (apps/core/throttles.py).
THROTTLE_FAIL_CLOSED_SCOPES = env.list("THROTTLE_FAIL_CLOSED_SCOPES", default=[])
THROTTLE_FAIL_OPEN_SCOPES = env.list("THROTTLE_FAIL_OPEN_SCOPES", default=[])
THROTTLE_FAIL_CLOSED_RETRY_SECONDS = env.int("THROTTLE_FAIL_CLOSED_RETRY_SECONDS", default=60)
# API tokens expire this many days after their last use (sliding; issue 18).
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)

# --- Security -----------------------------------------------------------------------
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto, set DJANGO_BEHIND_TLS_PROXY=1.
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# issue 10: a translated page (JSON under /api/) when a form's CSRF token is missing
CSRF_FAILURE_VIEW = "apps.core.errors.csrf_failure"
# issue 10: sent on every response by apps.core.middleware.RequestGuardMiddleware; the
# nearby page may ask for the visitor's position, nothing may use camera, microphone etc.
PERMISSIONS_POLICY = env(
    "DJANGO_PERMISSIONS_POLICY",
    default="geolocation=(self), camera=(), microphone=(), payment=(), usb=()",
)

_tile_origins = sorted({
    origin
    for language in ("zh-hans", "en")
    for origin in basemap.origins(basemap.base_map(
        provider=MAP_PROVIDER, tile_url=MAP_TILE_URL, tile_crs=MAP_TILE_CRS,
        subdomains=MAP_TILE_SUBDOMAINS, tianditu_key=TIANDITU_KEY, language=language))
})
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Leaflet positions tiles and markers with inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_tile_origins],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging ------------------------------------------------------------------------
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # issue 10: every record carries request_id and has ID/mobile numbers masked
    # (apps/core/logging.py; CoreConfig.ready also installs both for every handler)
    "filters": {
        "request_id": {"()": "apps.core.logging.RequestIdFilter"},
        "redact": {"()": "apps.core.logging.RedactPersonalDataFilter"},
    },
    "formatters": {
        "plain": {
            "()": "apps.core.logging.RedactingFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {
            "()": "apps.core.logging.RedactingJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if DEBUG else "json",
            "filters": ["request_id", "redact"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
    },
}

PORTAL_SITE_NAME = _("Qiaokou Citizen Services")

# Problem reports (apps/reports): deadlines count Beijing working time. The State Council
# publishes each year's public holidays and the weekend days worked in exchange (调休):
# give them as ISO dates, comma-separated.
REPORTS_HOLIDAYS = env.list("REPORTS_HOLIDAYS", default=[])
REPORTS_EXTRA_WORKDAYS = env.list("REPORTS_EXTRA_WORKDAYS", default=[])
REPORTS_WORKDAY_START = env("REPORTS_WORKDAY_START", default="09:00")
REPORTS_WORKDAY_END = env("REPORTS_WORKDAY_END", default="17:00")
