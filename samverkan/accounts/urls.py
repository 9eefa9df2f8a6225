from django.contrib.auth.views import LogoutView
from django.urls import path

from samverkan.accounts import views
from samverkan.accounts.access import PUBLIC, allowed

app_name = "accounts"
URL_PREFIX = "konto/"
urlpatterns = [
    path("logga-in/", allowed(PUBLIC)(views.SamverkanLoginView.as_view()), name="login"),
    path("logga-in/demo/<int:user_id>/", views.demo_login, name="demo_login"),
    path("logga-ut/", allowed(PUBLIC)(LogoutView.as_view()), name="logout"),
]
