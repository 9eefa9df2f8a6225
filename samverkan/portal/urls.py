from django.urls import path

from samverkan.portal import summons_views, views

app_name = "portal"
URL_PREFIX = "mina-sidor/"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.login, name="login"),
    path("logga-in/demo/<int:person_id>/", views.demo_login, name="demo_login"),
    path("logga-in/oidc/", views.oidc_start, name="oidc_start"),
    path("logga-in/oidc/klar/", views.oidc_callback, name="oidc_callback"),
    path("logga-ut/", views.logout, name="logout"),
    path("atersokning/<int:reclaim_id>/brev/<str:kind>.pdf", views.reclaim_letter, name="reclaim_letter"),
    path("kallelser/", summons_views.summonses, name="summonses"),
    path("kallelser/<int:meeting_id>/kallelse.pdf", summons_views.summons_pdf, name="summons_pdf"),
    path("samtycken/", views.consents, name="consents"),
    path("samtycken/nytt/", views.consent_request, name="consent_request"),
    path("samtycken/<int:consent_id>/aterkalla/", views.consent_withdraw, name="consent_withdraw"),
    path("vem-har-sett/", views.disclosures, name="disclosures"),
    path("vem-har-sett/utdrag.pdf", views.disclosures_pdf, name="disclosures_pdf"),
    path("organisationens-policy/", views.policy, name="policy"),
]
