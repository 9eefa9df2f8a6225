from django.urls import path

from samverkan.cases import views

app_name = "cases"
URL_PREFIX = "arenden/"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("nytt/", views.case_create, name="create"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/hushall/", views.case_add_member, name="add_member"),
    path("<int:case_id>/avsluta/", views.case_close, name="close"),
]
