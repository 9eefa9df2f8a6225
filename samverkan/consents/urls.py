from django.urls import path

from samverkan.consents import views

app_name = "consents"
URL_PREFIX = "samtycken/"
urlpatterns = [
    path("", views.consent_list, name="list"),
    path("nytt/", views.consent_create, name="create"),
    path("<int:consent_id>/", views.consent_detail, name="detail"),
    path("<int:consent_id>/aterkalla/", views.consent_withdraw, name="withdraw"),
    path("<int:consent_id>/bekrafta/", views.consent_confirm, name="confirm"),
    path("<int:consent_id>/avvisa/", views.consent_reject, name="reject"),
]
