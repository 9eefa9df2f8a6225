"""URL configuration.

Every app with a ``urls.py`` that defines ``URL_PREFIX`` (Swedish, e.g. ``"arenden/"``)
is mounted there, so adding a part of the mission never edits this file.
"""

import importlib

from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from samverkan.api import api

admin.site.site_header = "Samverkan – administration"
admin.site.site_title = "Samverkan"
admin.site.index_title = "Referensdata"

# Swedish error pages in the site's layout; JSON in the API's error shape under /api/ (samverkan/core/errors.py).
handler400 = "samverkan.core.errors.bad_request"
handler403 = "samverkan.core.errors.permission_denied"
handler404 = "samverkan.core.errors.page_not_found"
handler500 = "samverkan.core.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

for _config in apps.get_app_configs():
    if not _config.name.startswith("samverkan."):
        continue
    try:
        _module = importlib.import_module(f"{_config.name}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{_config.name}.urls":
            raise
        continue
    urlpatterns.append(path(_module.URL_PREFIX, include(_module)))
