from django.urls import path

from samverkan.registries import views

app_name = "registries"
#: Mounted at the root: the agencies' registers under /register/, the socialnämnd's inbox under
#: /inkorg/, and “Hämta uppgifter” under the case it belongs to.
URL_PREFIX = ""
urlpatterns = [
    path("register/", views.registry_index, name="index"),
    path("register/person/<int:person_id>/", views.registry_person, name="person"),
    path("register/person/<int:person_id>/ny/<slug:kind>/", views.registry_record_create, name="record_create"),
    path("register/ansokan/<int:pk>/status/", views.application_status, name="application_status"),
    path("inkorg/", views.inbox, name="inbox"),
    path("inkorg/<int:pk>/", views.inbox_detail, name="inbox_detail"),
    path("arenden/<int:case_id>/hamta-uppgifter/", views.case_lookup, name="case_lookup"),
    path("arenden/<int:case_id>/hamta-uppgifter/spara/", views.case_lookup_save, name="case_lookup_save"),
]
