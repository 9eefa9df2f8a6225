"""Settings for the test suite: the production settings with test-only services.

Set before Django starts (pyproject's DJANGO_SETTINGS_MODULE), so that nothing created at import
time (task backends, mailers) sees the production choice.
"""

from samverkan.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
