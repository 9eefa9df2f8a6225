"""Settings for the test suite: the production settings with test-only services.

Set before Django starts (pyproject's DJANGO_SETTINGS_MODULE), so that nothing created at import
time (task backends, mailers) sees the production choice.
"""

from samverkan.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# The audit chain is keyed in tests as in production (a fixed test key, so both databases run keyed);
# anchoring is off unless a test gives its own anchor file (``settings`` fixture), so no test's anchors
# meet another test's rolled-back log.
SAMVERKAN_AUDIT_KEYS = "test:c2FtdmVya2FuLXRlc3QtYXVkaXQta2V5LTAxMjM0NTY3ODlhYmNkZWY="
SAMVERKAN_AUDIT_ANCHOR_PATH = ""

# Django's plain static storage: the tests never run collectstatic (production and the demo use WhiteNoise's
# compressed manifest storage, samverkan.settings).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise finds the files where they are (no staticfiles/ directory needed, no warning about it).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
