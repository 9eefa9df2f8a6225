from django.urls import path

from samverkan.core import health, views

app_name = "core"
URL_PREFIX = ""
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
