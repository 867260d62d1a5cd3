"""leatadmin settings, all from the environment (django-environ).

An optional `.env` file beside `manage.py` is read first (LEATADMIN_ENV_FILE
names another); `make demo` writes one with a fresh secret key and a fresh
sandbox API key. With `DEBUG` off (production), the app refuses to start
without a real `SECRET_KEY` and a `LEAT_API_KEY`.
"""

import ipaddress
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from leatadmin.core import metrics_files

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The environment wins over the file (read_env sets only what is not set).
ENV_FILE = Path(os.environ.get("LEATADMIN_ENV_FILE") or BASE_DIR / ".env")
if ENV_FILE.is_file():
    env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("LEATADMIN_TESTING", default=False)

_INSECURE_PREFIX = "django-insecure-"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_PREFIX + "local-development-only")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG or TESTING else [])

# --- Leat ------------------------------------------------------------------
# Where the demo (scripts/demo.sh) serves the app and the sandbox Leat API:
# one setting per address, HOST:PORT. The URLs that point at them
# (LEAT_API_URL, LEAT_WEBHOOK_URL) follow from them unless set themselves.
APP_ADDR = env.str("APP_ADDR", default="127.0.0.1:8000")
SANDBOX_ADDR = env.str("SANDBOX_ADDR", default="127.0.0.1:8001")
# The API host's base URL; the client appends /api/v3/oauth/clients/...
# The default is the embedded sandbox that `make demo` starts, at SANDBOX_ADDR;
# the real Leat is https://api.piggy.eu.
LEAT_API_URL = env.str("LEAT_API_URL", default=f"http://{SANDBOX_ADDR}")
LEAT_API_KEY = env.str("LEAT_API_KEY", default="")
LEAT_TIMEOUT = env.float("LEAT_TIMEOUT", default=10.0)
LEAT_RETRIES = env.int("LEAT_RETRIES", default=2)
# How long the browser waits for any answer (htmx's request timeout). A Leat
# call, retries included, gets 80% of it, so staff read leatadmin's own 504
# message rather than the browser's generic one.
REQUEST_DEADLINE_SECONDS = env.float("REQUEST_DEADLINE_SECONDS", default=20.0)
# The sandbox's own data file (used by runsandbox and seed_sandbox only).
SANDBOX_DB = env.str("SANDBOX_DB", default=str(BASE_DIR / "var" / "sandbox.sqlite3"))
# An export (a task) whose progress has not moved for this long lost its worker.
EXPORT_STALL_SECONDS = env.int("EXPORT_STALL_SECONDS", default=120)
# How long the shop list stays cached for pickers (seconds).
LEAT_SHOPS_CACHE_SECONDS = env.int("LEAT_SHOPS_CACHE_SECONDS", default=600)
# The agenda counts a booking as a no-show once its start has passed by more than this many minutes and nobody checked it in.
AGENDA_NO_SHOW_MINUTES = env.int("AGENDA_NO_SHOW_MINUTES", default=15)
# Leat calls one process makes at once for pages that ask Leat several things
# (core/reads.py; the contact page asks six).
LEAT_READ_THREADS = env.int("LEAT_READ_THREADS", default=16)
# Leat calls a batch of corrections (#25) keeps in flight at once: its preview and its apply take
# 1/N of the time, slowing down by themselves when Leat answers 429. Keep it within the account's rate.
BATCH_CALLS_IN_FLIGHT = env.int("BATCH_CALLS_IN_FLIGHT", default=4)
# The largest file of corrections accepted; a larger upload is refused as it arrives, never stored.
BATCH_MAX_UPLOAD_BYTES = env.int("BATCH_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# How long the account's definitions (contact attributes, the loyalty program) stay cached (seconds).
LEAT_DEFINITIONS_CACHE_SECONDS = env.int("LEAT_DEFINITIONS_CACHE_SECONDS", default=600)
# The most Leat's clock and this server's may differ (seconds): a write whose
# answer was lost is only settled against a record Leat booked after it was sent.
LEAT_CLOCK_SKEW_SECONDS = env.int("LEAT_CLOCK_SKEW_SECONDS", default=2)
# Leat's webhooks keep the contact directory current: the public URL of this
# app's endpoint (/webhooks/leat/) that `leat_webhooks register` subscribes
# (by default the demo's, at APP_ADDR), and the account's webhook secret, for
# deliveries of subscriptions made elsewhere (each subscription leatadmin
# makes has its own secret, in the database).
LEAT_WEBHOOK_URL = env.str("LEAT_WEBHOOK_URL", default=f"http://{APP_ADDR}/webhooks/leat/")
LEAT_WEBHOOK_SECRET = env.str("LEAT_WEBHOOK_SECRET", default="")

if not DEBUG and not TESTING:
    if not SECRET_KEY or SECRET_KEY.startswith(_INSECURE_PREFIX) or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured("Set SECRET_KEY to a long random value (at least 40 characters) in production.")
    if not LEAT_API_KEY:
        raise ImproperlyConfigured("Set LEAT_API_KEY to a Leat Personal Access Token in production.")

# --- Applications -----------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_htmx",
    "leatadmin.core",
    "leatadmin.staff",
    "leatadmin.audit",
    "leatadmin.contacts",
    "leatadmin.cards",
    "leatadmin.subscriptions",
    "leatadmin.prepaid",
    "leatadmin.shops",
    "leatadmin.visits",
    "leatadmin.bookings",
    "leatadmin.loyalty",
    "leatadmin.directory",
    "leatadmin.vouchers",
    "leatadmin.giftcards",
    "leatadmin.batches",
    "leatadmin.figures",
    "leatadmin.agenda",
    "leatadmin.sandbox",
    "django_tasks_db",
]

# Background work (transaction exports) is queued in the database and run by
# the `worker` process: python manage.py db_worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    # First: the request id, view and staff member every log line and metric of the request carries.
    "leatadmin.core.observability.ObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (Accept-Language) first; the staff member's own
    # choice replaces it once they are known (StaffLanguageMiddleware).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "leatadmin.staff.language.StaffLanguageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "leatadmin.core.middleware.HtmxLoginRedirectMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "leatadmin.core.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "leatadmin.core.middleware.StaffTimezoneMiddleware",
    "leatadmin.core.middleware.LeatErrorMiddleware",
]

ROOT_URLCONF = "leatadmin.urls"
WSGI_APPLICATION = "leatadmin.wsgi.application"

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
                "django.template.context_processors.csp",
                "leatadmin.core.context_processors.leat",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
# Each web thread keeps its connection between requests (checked before reuse):
# opening one per request was a large share of a contact page view's CPU.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SQLITE_OPTIONS = {
    # The contact page's panels arrive at once; SQLite must let them queue
    # for the write lock rather than fail with "database is locked".
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The cache holds what every process must agree on: sessions (cached_db), the
# log-in throttle's counters, the lookup's handoff. A per-process cache would
# give each gunicorn worker its own answer, so production refuses one.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://leatadmin")}
_PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")
if not DEBUG and not TESTING and CACHES["default"]["BACKEND"] in _PER_PROCESS_CACHES:
    raise ImproperlyConfigured("Set CACHE_URL to a cache all processes share (redis://host:6379/0) in production: a per-process cache lets a logged-out session and extra log-in guesses through on other workers.")

# --- Auth and sessions ---------------------------------------------------------

# Django's ModelBackend: a staff member's permissions are read fresh on every
# request, so one taken away holds at the next. (A session logged in through the
# former leatadmin.staff.backends.StaffBackend ends: its staff member logs in once more.)
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A staff session ends after SESSION_IDLE_SECONDS without activity
# (leatadmin.core.middleware.IdleSessionMiddleware), and after
# SESSION_COOKIE_AGE whatever happens.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=8 * 60 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Login throttling, of passwords and of second factors alike (leatadmin.signin.throttle).
LOGIN_FAILURES_ALLOWED = env.int("LOGIN_FAILURES_ALLOWED", default=5)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)
# How many proxies in front of the app append to X-Forwarded-For (the Procfile's
# TLS proxy is one). 0 trusts none: the address is REMOTE_ADDR.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

# --- Sign-in (leatadmin.signin) --------------------------------------------------
# django-allauth does the log-in (throttled as above), the second factor
# (authenticator-app codes, passkeys and security keys, recovery codes), single
# sign-on over OpenID Connect and the list of a staff member's sessions;
# leatadmin.signin is what leatadmin adds: the factor required, the fresh check,
# roles from the company's groups, the audit of every sign-in event.
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.mfa", "allauth.socialaccount", "allauth.socialaccount.providers.openid_connect", "allauth.usersessions", "leatadmin.signin"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.LoginRequiredMiddleware") + 1, "leatadmin.signin.middleware.SecondFactorRequired")
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1, "allauth.account.middleware.AccountMiddleware")
# Every member of staff has a second factor (or their company's sign-in gave one).
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)
# The dangerous things (GDPR deletion, refunds, bulk work, staff and roles) ask
# for the second factor again when it was not given in this many seconds.
FRESH_CHECK_SECONDS = env.int("FRESH_CHECK_SECONDS", default=10 * 60)
# Off: nobody signs in with a password but a superuser (the break-glass account); staff use single sign-on.
LOCAL_PASSWORDS = env.bool("LOCAL_PASSWORDS", default=True)
# Single sign-on (OpenID Connect), on when OIDC_ISSUER_URL is set: the company's
# groups (the claim OIDC_GROUPS_CLAIM) give the leatadmin role, by
# SSO_GROUP_ROLES='{"company group": "Supervisor", ...}', read at every sign-in.
OIDC_ISSUER_URL = env.str("OIDC_ISSUER_URL", default="")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_SCOPES = env.list("OIDC_SCOPES", default=["openid", "profile", "email"])
# How leatadmin shows its secret at the token endpoint: client_secret_post (Keycloak, Entra ID,
# Google accept it) or client_secret_basic (Okta's default for a new web app).
OIDC_TOKEN_AUTH_METHOD = env.str("OIDC_TOKEN_AUTH_METHOD", default="client_secret_post")
OIDC_BUTTON = env.str("OIDC_BUTTON", default="")  # the sign-in button's words; default "Sign in with your company account"
SSO_GROUP_ROLES = env.json("SSO_GROUP_ROLES", default={})
# The identity provider's own second factor counts when its ID token says so (RFC 8176 `amr` values, or an `acr` listed here).
OIDC_MFA_AMR = env.list("OIDC_MFA_AMR", default=["mfa", "otp", "hwk", "swk", "sc", "fido", "face", "fpt", "iris", "retina", "vbm", "sms", "tel"])
OIDC_MFA_ACR = env.list("OIDC_MFA_ACR", default=[])
if OIDC_TOKEN_AUTH_METHOD not in ("client_secret_post", "client_secret_basic"):
    raise ImproperlyConfigured("OIDC_TOKEN_AUTH_METHOD is client_secret_post or client_secret_basic.")
if OIDC_ISSUER_URL and not (OIDC_CLIENT_ID and OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured("Single sign-on needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET with OIDC_ISSUER_URL.")
if not isinstance(SSO_GROUP_ROLES, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in SSO_GROUP_ROLES.items()):
    raise ImproperlyConfigured('SSO_GROUP_ROLES is a JSON object of group to role name, e.g. {"leatadmin-supervisors": "Supervisor"}.')
ACCOUNT_ADAPTER = "leatadmin.signin.adapters.AccountAdapter"
MFA_ADAPTER = "leatadmin.signin.adapters.MFAAdapter"
SOCIALACCOUNT_ADAPTER = "leatadmin.signin.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"login": "leatadmin.signin.forms.StaffLoginForm"}
MFA_FORMS = {
    "authenticate": "leatadmin.signin.forms.CodeForm",
    "reauthenticate": "leatadmin.signin.forms.FreshCodeForm",
    "authenticate_webauthn": "leatadmin.signin.forms.KeyForm",
    "reauthenticate_webauthn": "leatadmin.signin.forms.FreshKeyForm",
    "add_webauthn": "leatadmin.signin.forms.KeyNameForm",
}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False  # an email is not how staff sign in
ACCOUNT_SESSION_REMEMBER = False  # sessions end when the browser closes (SESSION_EXPIRE_AT_BROWSER_CLOSE)
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
ACCOUNT_REAUTHENTICATION_TIMEOUT = FRESH_CHECK_SECONDS
# The log-in throttle above counts failed passwords and codes; allauth's own
# per-address limits would lock a whole office out behind one address.
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": None}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="leatadmin")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never take over a local account by its email
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "sso",
                "name": OIDC_BUTTON,
                "client_id": OIDC_CLIENT_ID,
                "secret": OIDC_CLIENT_SECRET,
                "settings": {"server_url": OIDC_ISSUER_URL, "scope": OIDC_SCOPES, "token_auth_method": OIDC_TOKEN_AUTH_METHOD},
            }
        ]
        if OIDC_ISSUER_URL
        else [],
    }
}

# --- Internationalisation ---------------------------------------------------------

# Dutch and English (README, "Languages and formats"). A browser that asks
# for Dutch gets Dutch; anything else gets English, the source language.
LANGUAGE_CODE = "en"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
# One way to write dates, numbers and money per language: leatadmin/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["leatadmin.formats"]
USE_THOUSAND_SEPARATOR = True

# --- Static files -----------------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Files staff download (transaction exports) go through the default storage:
# a local folder by default (shared between servers only if it is a shared
# volume), any S3-compatible bucket by settings alone, for example
# FILE_STORAGE=storages.backends.s3.S3Storage
# FILE_STORAGE_OPTIONS='{"bucket_name": "leatadmin", "endpoint_url": "https://s3.example.com"}'
# with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment.
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "files"))
FILE_STORAGE = env.str("FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")
FILE_STORAGE_OPTIONS = env.json("FILE_STORAGE_OPTIONS", default={})
STORAGES = {
    "default": {"BACKEND": FILE_STORAGE, "OPTIONS": FILE_STORAGE_OPTIONS},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security -----------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
}
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Platform health checks often come over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^metrics$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Only for running the production settings over plain HTTP on localhost (make bench).
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_TABLES2_TEMPLATE = "core/table.html"

# --- Observability: metrics, error reports, logs, traces (docs/operations.md) ------------

# `plain` text (make demo) or `json`: one object per line with the request id,
# the staff member's id, the view, a Leat call's route and duration (core/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT is plain or json.")
_NEVER_LOGGED = [LEAT_API_KEY]  # masked should it ever appear (core/redact.py)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": "leatadmin.core.logs.PlainFormatter", "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s", "secrets": _NEVER_LOGGED},
        "json": {"()": "leatadmin.core.logs.JsonFormatter", "secrets": _NEVER_LOGGED},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # urllib3 logs each URL with its query string at DEBUG (Leat's find-one-by takes an email there).
    "loggers": {"django.server": {"level": "WARNING"}, "urllib3": {"level": "INFO"}},
}

# /metrics answers Prometheus with this bearer token, or to these addresses
# (IPs or networks, e.g. 10.0.0.0/8; the client's, through TRUSTED_PROXY_HOPS);
# with neither it answers 404 (core/metrics_endpoint.py).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
if METRICS_TOKEN and len(METRICS_TOKEN) < 16:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 16 characters.")
for _entry in METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_entry, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {_entry!r} is not an address or a network.") from None
# The processes of one host (gunicorn's workers, the task worker) add their
# counts up through files here (the Prometheus client's multiprocess mode);
# on by default in production. Set before anything imports prometheus_client.
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="" if DEBUG or TESTING else metrics_files.default_directory(BASE_DIR))
if PROMETHEUS_MULTIPROC_DIR:
    metrics_files.use(PROMETHEUS_MULTIPROC_DIR)

# Error reports to Sentry when SENTRY_DSN is set (core/sentry.py): scrubbed of
# customer data and the Leat key. The release is SENTRY_RELEASE, else the git
# revision; traces are sampled at SENTRY_TRACES_SAMPLE_RATE (0 to 1).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production")
SENTRY_RELEASE = env.str("SENTRY_RELEASE", default="")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.1)
if SENTRY_DSN:
    from leatadmin.core import sentry

    sentry.init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, release=SENTRY_RELEASE, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE, leat_api_key=LEAT_API_KEY)

# Traces over OpenTelemetry (OTLP/HTTP) when set, e.g. http://otel-collector:4318;
# the exporter reads the other OTEL_* variables itself (core/tracing.py).
OTEL_EXPORTER_OTLP_ENDPOINT = env.str("OTEL_EXPORTER_OTLP_ENDPOINT", default="")
