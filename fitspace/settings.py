"""FitSpace settings: one module, every value from the environment (django-environ).

Stages differ only by environment. ``DJANGO_STAGE`` picks the safe defaults:
``local`` (the default: DEBUG, SQLite), ``test``, ``dev`` and ``prod`` (DEBUG off, secure
cookies, HSTS). ``.env.example`` lists every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
import orjson
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured

from fitspace import __version__
from fitspace.aws import database_from_secret

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is a convenience for development; Lambda gets real environment variables.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

STAGES = ("local", "test", "dev", "prod")
STAGE = env.str("DJANGO_STAGE", default="local")
if STAGE not in STAGES:
    raise ImproperlyConfigured(f"DJANGO_STAGE must be one of {', '.join(STAGES)}, not {STAGE!r}")
DEPLOYED = STAGE in ("dev", "prod")

DEBUG = env.bool("DJANGO_DEBUG", default=STAGE == "local")
if DEBUG and DEPLOYED:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off on the dev and prod stages")

if DEPLOYED:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
else:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY", default="local-only-insecure-key-never-used-on-a-deployed-stage"
    )

APP_VERSION = env.str("APP_VERSION", default=__version__)

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=[] if DEPLOYED else ["localhost", "127.0.0.1", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "fitspace.errors.csrf_failure"

INSTALLED_APPS = [
    "fitspace.apps.FitSpaceConfig",
    # The admin without its start-up autodiscover: fitspace/admin_urls.py runs it on first use.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "rest_framework_simplejwt.token_blacklist",
    "axes",
    "users",
    "workouts",
    "inbox",
    "groups",
    "achievements",
    "wellness",
    "integrations",
    "demo",
]

MIDDLEWARE = [
    "fitspace.middleware.LambdaSourceIpMiddleware",
    # Outermost but one: it times and logs every answer, static files and errors included.
    "fitspace.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get a Content-Security-Policy and X-Frame-Options too.
    "fitspace.middleware.SecurityHeadersMiddleware",
    # WhiteNoise, finding its files on first use (not at every cold start).
    "fitspace.middleware.StaticFilesMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fitspace.middleware.DatabaseUnavailableMiddleware",
    # Last, so it sees every failed sign-in and answers a locked account with a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fitspace.urls"
WSGI_APPLICATION = "fitspace.wsgi.application"

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# First match wins: DATABASE_URL; else DB_SECRET_ARN (+ endpoint, DB_NAME) read from Secrets
# Manager once per cold start; else the embedded SQLite file.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
elif env.str("DB_SECRET_ARN", default=""):
    proxy_endpoint = env.str("DB_PROXY_ENDPOINT", default="")
    cluster_endpoint = env.str("DB_CLUSTER_ENDPOINT", default="")
    if not (proxy_endpoint or cluster_endpoint):
        raise ImproperlyConfigured(
            "DB_SECRET_ARN is set but neither DB_PROXY_ENDPOINT nor DB_CLUSTER_ENDPOINT is"
        )
    DATABASES = {
        "default": database_from_secret(
            secret_arn=env.str("DB_SECRET_ARN"),
            proxy_endpoint=proxy_endpoint,
            cluster_endpoint=cluster_endpoint,
            name=env.str("DB_NAME", default="fitspace"),
            port=env.int("DB_PORT", default=5432),
            region=env.str("AWS_REGION", default="") or None,
            timeout=env.float("DB_SECRET_TIMEOUT", default=2.0),
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
        }
    }

DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Lambda reuses a container for many requests: keep the connection, check it before reuse,
    # and fail fast when the database (or the VPC route to it) is not there.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=300)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A pooler in transaction mode (pgbouncer) hands each transaction any server connection:
    # a server-side cursor (QuerySet.iterator()) outside a transaction would be looked for on
    # another one. Session state is avoided anyway (UTC, so no SET TIME ZONE; no startup options).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
        "DB_DISABLE_SERVER_SIDE_CURSORS", default=False
    )
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

# --- Authentication -------------------------------------------------------------------------------
# Two ways in, both may be on: "local" (FitSpace signs people in and issues JWTs) and "cognito"
# (Bearer tokens from an Amazon Cognito user pool, verified offline against its JWKS).
AUTH_MODES = env.list("AUTH_MODE", default=["local"])
if not AUTH_MODES or set(AUTH_MODES) - {"local", "cognito"}:
    raise ImproperlyConfigured(
        f"AUTH_MODE must be local, cognito or local,cognito, not {AUTH_MODES}"
    )

COGNITO_REGION = env.str("COGNITO_REGION", default=env.str("AWS_REGION", default="us-east-1"))
COGNITO_USER_POOL_ID = env.str("COGNITO_USER_POOL_ID", default="")
COGNITO_APP_CLIENT_IDS = env.list("COGNITO_APP_CLIENT_IDS", default=[])
COGNITO_ISSUER = f"https://cognito-idp.{COGNITO_REGION}.amazonaws.com/{COGNITO_USER_POOL_ID}"
COGNITO_JWKS_URL = env.str("COGNITO_JWKS_URL", default=f"{COGNITO_ISSUER}/.well-known/jwks.json")
if "cognito" in AUTH_MODES and not (COGNITO_USER_POOL_ID and COGNITO_APP_CLIENT_IDS):
    raise ImproperlyConfigured(
        "AUTH_MODE=cognito needs COGNITO_USER_POOL_ID and COGNITO_APP_CLIENT_IDS"
    )

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_TOKEN_MINUTES", default=10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_TOKEN_DAYS", default=14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default=SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
}

# --- Avatars: a private S3 bucket; clients upload with presigned POSTs, read with presigned GETs
AVATAR_BUCKET = env.str("AVATAR_BUCKET", default="")
AVATAR_BUCKET_REGION = env.str(
    "AVATAR_BUCKET_REGION", default=env.str("AWS_REGION", default="us-east-1")
)
AVATAR_S3_ENDPOINT_URL = env.str("AVATAR_S3_ENDPOINT_URL", default="")
AVATAR_MAX_BYTES = env.int("AVATAR_MAX_BYTES", default=2 * 1024 * 1024)
AVATAR_UPLOAD_SECONDS = env.int("AVATAR_UPLOAD_SECONDS", default=600)
AVATAR_URL_SECONDS = env.int("AVATAR_URL_SECONDS", default=300)
# Without a bucket, off AWS: a local folder stands in for S3, same protocol (users/local_avatars.py),
# at AVATAR_LOCAL_BASE_URL (where `make run` serves). Off on the test stage unless a test turns
# it on, and refused on dev and prod.
AVATAR_LOCAL_ROOT = env.str(
    "AVATAR_LOCAL_ROOT",
    default=str(Path.home() / ".cache" / "fitspace" / "avatars") if STAGE == "local" else "",
)
AVATAR_LOCAL_BASE_URL = env.str("AVATAR_LOCAL_BASE_URL", default="http://127.0.0.1:8000")
if DEPLOYED and AVATAR_LOCAL_ROOT:
    raise ImproperlyConfigured("AVATAR_LOCAL_ROOT is for local stages only: use AVATAR_BUCKET")

# --- Wellness: skin photo analysis (wellness/analyzers.py) ------------------------------------
# Skin photos share the avatar bucket (under skin/<user id>/) and its limits.
# "bedrock": a multimodal model on Amazon Bedrock (the AWS stages); "local": image statistics.
SKIN_ANALYZER = env.str("SKIN_ANALYZER", default="bedrock" if DEPLOYED else "local")
if SKIN_ANALYZER not in ("bedrock", "local"):
    raise ImproperlyConfigured(f"SKIN_ANALYZER must be bedrock or local, not {SKIN_ANALYZER!r}")
# The local analyzer stands in for Bedrock off AWS, like the local avatar folder for S3: Pillow
# (7 MiB zipped) is left out of the Lambda package (zappa_settings.json), so it is refused there.
if DEPLOYED and SKIN_ANALYZER != "bedrock":
    raise ImproperlyConfigured("SKIN_ANALYZER=local is for local stages only: use bedrock")
SKIN_BEDROCK_MODEL_ID = env.str("SKIN_BEDROCK_MODEL_ID", default="amazon.nova-lite-v1:0")
BEDROCK_REGION = env.str("BEDROCK_REGION", default=env.str("AWS_REGION", default="us-east-1"))
BEDROCK_ENDPOINT_URL = env.str("BEDROCK_ENDPOINT_URL", default="")

# --- Exports too large for a Lambda response: stored under exports/ and linked (303) ---------
EXPORT_BUCKET = env.str("EXPORT_BUCKET", default=AVATAR_BUCKET)
EXPORT_URL_SECONDS = env.int("EXPORT_URL_SECONDS", default=300)

# --- Groups ------------------------------------------------------------------------------------
GROUP_MAX_MEMBERS = env.int("GROUP_MAX_MEMBERS", default=500)
GROUP_INVITE_DAYS = env.int("GROUP_INVITE_DAYS", default=7)

# --- Email: proving addresses (sign-up, a changed email) -------------------------------------
# Amazon SES (django-ses) on AWS, printed to the console locally, kept in memory in tests.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default={
        "local": "django.core.mail.backends.console.EmailBackend",
        "test": "django.core.mail.backends.locmem.EmailBackend",
    }.get(STAGE, "django_ses.SESBackend"),
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="FitSpace <no-reply@fitspace.local>")
AWS_SES_REGION_NAME = env.str(
    "AWS_SES_REGION_NAME", default=env.str("AWS_REGION", default="us-east-1")
)
# Where the app's "confirm your address" page lives, with `{token}` in it; empty: the message
# carries the token itself, for POST /api/v1/auth/verify-email.
EMAIL_VERIFICATION_URL = env.str("EMAIL_VERIFICATION_URL", default="")
EMAIL_VERIFICATION_HOURS = env.int("EMAIL_VERIFICATION_HOURS", default=72)
if EMAIL_VERIFICATION_URL and "{token}" not in EMAIL_VERIFICATION_URL:
    raise ImproperlyConfigured("EMAIL_VERIFICATION_URL must contain {token}")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated failed sign-ins lock the account (not the IP: people share IPs) for a while.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "users.auth.sign_in_identifier"
AXES_LOCKOUT_CALLABLE = "fitspace.errors.account_locked"
AXES_RESET_ON_SUCCESS = True
# The client address as fitspace.middleware.LambdaSourceIpMiddleware set it, never a header.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False
# Per account on purpose (see AXES_LOCKOUT_PARAMETERS); per-IP limits are the "auth" throttle.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if STAGE == "test":
    # Password hashing dominates test time; the algorithm is not what the tests check.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Time ------------------------------------------------------------------------------------
# UTC everywhere: with the database also in UTC Django sends no per-connection SET TIME ZONE,
# which would pin RDS Proxy connections. Users' own zones live on their profile.
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files (admin CSS, Swagger UI) served by WhiteNoise --------------------------------
# Where pages link static files. Behind API Gateway's own URL this must carry the stage
# ("/dev/static/", set per stage in zappa_settings.json): Django would prefix a relative URL with
# SCRIPT_NAME, but it caches STATIC_URL on first read, before the first request has one.
STATIC_URL = env.str("STATIC_URL", default="static/")
# Where WhiteNoise answers them: the request path after the stage, which API Gateway strips.
WHITENOISE_STATIC_PREFIX = "/static/"
# WhiteNoise serves the files straight from the installed apps (a few hundred files, indexed
# once per cold start), so there is no collectstatic step to forget before `zappa update`.
WHITENOISE_USE_FINDERS = True

# --- Security --------------------------------------------------------------------------------
# API Gateway terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: fitspace.middleware.SecurityHeadersMiddleware (none in Django 5.2).
SESSION_COOKIE_HTTPONLY = True
if DEPLOYED:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# Browser origins allowed to call the API, per stage (none by default: native apps need none).
# Exact origins only, never a wildcard; HTTPS on the AWS stages.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
if DEPLOYED and any(not origin.startswith("https://") for origin in CORS_ALLOWED_ORIGINS):
    raise ImproperlyConfigured("CORS_ALLOWED_ORIGINS must be https:// origins on dev and prod")
CORS_URLS_REGEX = r"^/(api|status)"
# Conditional reads and writes send If-None-Match and If-Match, retried POSTs Idempotency-Key
# (README: Client conventions); clients read these answers' headers.
CORS_ALLOW_HEADERS = (*default_cors_headers, "if-none-match", "if-match", "idempotency-key")
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Retry-After",
    "Location",
    "Content-Disposition",
    "X-Request-ID",
    "Idempotent-Replayed",
]

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Cognito first: it claims only tokens its user pool issued and leaves the rest to simplejwt.
    # Each class stands aside unless its mode is in AUTH_MODE.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "users.auth.CognitoAuthentication",
        "users.auth.LocalJWTAuthentication",
        # Staff signed into the admin can use the API docs' "Try it out" (CSRF-checked).
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # orjson: the same bytes as DRF's JSONRenderer for what the API answers (a test compares
    # them), four to five times faster on a page of workouts with hundreds of sets.
    "DEFAULT_RENDERER_CLASSES": ["drf_orjson_renderer.renderers.ORJSONRenderer"],
    # Times that reach the renderer as datetimes read like DRF's: UTC as "Z".
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_UTC_Z,),
    "DEFAULT_PARSER_CLASSES": ["fitspace.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "fitspace.pagination.LimitOffsetPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # One error shape everywhere (drf-standardized-errors), documented per operation in OpenAPI.
    "DEFAULT_SCHEMA_CLASS": "fitspace.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # Sign-up and sign-in are throttled per IP by their own, tighter rate ("auth").
    # Throttle by REMOTE_ADDR alone, which LambdaSourceIpMiddleware sets to the address API
    # Gateway saw (`requestContext.identity.sourceIp`), never from X-Forwarded-For.
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_RATE_ANON", default="120/min"),
        "user": env.str("THROTTLE_RATE_USER", default="600/min"),
        "auth": env.str("THROTTLE_RATE_AUTH", default="10/min"),
        "search": env.str("THROTTLE_RATE_SEARCH", default="30/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Weights, distances and RPE are JSON numbers, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(
        "rest_framework.renderers.BrowsableAPIRenderer"
    )

SPECTACULAR_SETTINGS = {
    "TITLE": "FitSpace API",
    "DESCRIPTION": (
        "The FitSpace fitness backend: sign-in, private profiles, an exercise library, "
        "structured workouts with live sessions, records, stats and export. Send "
        "`Authorization: Bearer <access token>` (**Authorize** above). Every error has the "
        "same JSON shape: `type` and a list of `errors` with `code`, `detail` and `attr`."
    ),
    "VERSION": APP_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "WorkoutStatusEnum": "workouts.models.Workout.Status",
        "WorkoutSourceEnum": "workouts.models.WorkoutSource",
        "WorkoutSportEnum": "workouts.models.WorkoutSport",
        "GroupRoleEnum": "groups.models.Membership.Role",
        "HealthEnum": ["ok", "unavailable"],
        "SkinMetricsSourceEnum": "wellness.models.SkinEntry.Source",
        "CyclePhaseEnum": ["menstrual", "follicular", "ovulatory", "luteal"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        "fitspace.openapi.postprocess_input_bounds",
    ],
}
DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "fitspace.errors.ApiExceptionHandler",
    "EXCEPTION_FORMATTER_CLASS": "fitspace.errors.ErrorFormatter",
}

# How long a POST's answer is kept for retries with its Idempotency-Key (fitspace/idempotency.py).
IDEMPOTENCY_KEY_HOURS = env.int("IDEMPOTENCY_KEY_HOURS", default=24)

# The largest request body: Lambda takes at most 6 MB per invocation, and with binary support
# API Gateway sends bodies base64-encoded (a third larger), so 4 MiB is what can arrive whole.
# Larger bodies are a 413 `request_too_large`.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("REQUEST_MAX_BYTES", default=4 * 1024 * 1024)

# Throttle counters live in the process-local cache: per Lambda container, which is fine for
# abuse protection of a single function; a shared cache can be set with CACHE_URL.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Logging: one line per event, no request bodies or headers ---------------------------------
# JSON lines on the AWS stages (CloudWatch Logs Insights reads their fields: request_id,
# user_id, status, duration_ms, …), plain text locally. fitspace.middleware.RequestLogMiddleware
# logs one line per request; every line logged during a request carries its request_id.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if DEPLOYED else "plain")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Zappa's own access line carries the query string (a searched address, say);
        # fitspace.request logs each request without it.
        "zappa.wsgi": {"level": "WARNING"},
    },
}
