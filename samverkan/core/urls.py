from django.urls import path

from samverkan.core import views

app_name = "core"
URL_PREFIX = ""
urlpatterns = [path("", views.home, name="home")]
