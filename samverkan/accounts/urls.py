from django.contrib.auth.views import LogoutView
from django.urls import path

from samverkan.accounts import official_views, views
from samverkan.accounts.access import PUBLIC, allowed

app_name = "accounts"
URL_PREFIX = "konto/"
urlpatterns = [
    path("logga-in/", allowed(PUBLIC)(views.SamverkanLoginView.as_view()), name="login"),
    path("logga-in/demo/<int:user_id>/", views.demo_login, name="demo_login"),
    path("logga-ut/", allowed(PUBLIC)(LogoutView.as_view()), name="logout"),
    # The organisation's own officials, managed by its system administrator (issue 16).
    path("handlaggare/", official_views.official_list, name="officials"),
    path("handlaggare/ny/", official_views.official_add, name="official_add"),
    path("handlaggare/<int:user_id>/", official_views.official_edit, name="official_edit"),
    path("handlaggare/<int:user_id>/avaktivera/", official_views.official_deactivate, name="official_deactivate"),
    path("handlaggare/<int:user_id>/aktivera/", official_views.official_reactivate, name="official_reactivate"),
]
