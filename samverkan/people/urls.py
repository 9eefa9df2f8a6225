from django.urls import path

from samverkan.people import views

app_name = "people"
URL_PREFIX = "personer/"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:person_id>/", views.detail, name="detail"),
]
