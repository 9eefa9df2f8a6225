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
    path("<int:case_id>/makulera/", views.case_cancel, name="cancel"),
    path("<int:case_id>/journal/ny/", views.journal_note, name="journal_note"),
    path("<int:case_id>/journal/<int:entry_id>/makulera/", views.journal_void, name="journal_void"),
]
