from django.urls import path

from samverkan.rehab import employer_views, summons_views, views

app_name = "rehab"
URL_PREFIX = "rehab/"
urlpatterns = [
    path("", views.coordination_list, name="list"),
    path("ny/", views.coordination_create, name="create"),
    path("<int:pk>/", views.coordination_detail, name="detail"),
    path("<int:pk>/andra/", views.coordination_update, name="update"),
    path("<int:pk>/behov/", views.needs_edit, name="needs"),
    path("<int:pk>/samtycke/", views.consent_add, name="consent_add"),
    path("<int:pk>/samtycke/<int:consent_id>/aterkalla/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/insatser/ny/", views.measure_add, name="measure_add"),
    path("<int:pk>/insatser/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path("<int:pk>/insatser/<int:measure_id>/uppfoljning/", views.measure_follow_up, name="measure_follow_up"),
    path("<int:pk>/plan/", views.plan_agree, name="plan_agree"),
    path("<int:pk>/historik/", views.history, name="history"),
    path("<int:pk>/moten/ny/", views.meeting_request, name="meeting_request"),
    path("<int:pk>/moten/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/moten/<int:meeting_id>/deltagare/", views.meeting_participant_add, name="meeting_participant_add"),
    path(
        "<int:pk>/moten/<int:meeting_id>/deltagare/<int:participant_id>/ta-bort/",
        views.meeting_participant_remove,
        name="meeting_participant_remove",
    ),
    path("<int:pk>/moten/<int:meeting_id>/checklista/", views.meeting_checklist, name="meeting_checklist"),
    path("<int:pk>/moten/<int:meeting_id>/boka/", views.meeting_book, name="meeting_book"),
    path("<int:pk>/moten/<int:meeting_id>/anteckningar/", views.meeting_minutes, name="meeting_minutes"),
    path("<int:pk>/moten/<int:meeting_id>/stall-in/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/moten/<int:meeting_id>/kallelse.pdf", summons_views.summons_pdf, name="summons_pdf"),
    path("<int:pk>/moten/<int:meeting_id>/kallelse/skicka/", summons_views.summons_send, name="summons_send"),
    path("<int:pk>/moten/<int:meeting_id>/atgarder/", views.action_add, name="action_add"),
    path(
        "<int:pk>/moten/<int:meeting_id>/atgarder/<int:action_id>/till-plan/",
        views.action_to_measure,
        name="action_to_measure",
    ),
    path("paminnelser/<int:reminder_id>/klar/", views.reminder_dismiss, name="reminder_dismiss"),
    path("vard/", views.healthcare_overview, name="healthcare"),
    path("vard/<int:case_id>/", views.healthcare_patient, name="healthcare_patient"),
    path("vard/<int:case_id>/status/", views.healthcare_status, name="healthcare_status"),
    path("vard/<int:case_id>/hamta-planen/", views.healthcare_plan_fetch, name="healthcare_plan_fetch"),
    path(
        "vard/<int:case_id>/avstamningsmote/<int:coordination_id>/",
        views.healthcare_meeting_request,
        name="healthcare_meeting_request",
    ),
    path("plan/<int:person_id>/", views.actor_plan, name="actor_plan"),
    path("plan/<int:person_id>/hamta/", views.actor_plan_fetch, name="actor_plan_fetch"),
    path("statistik/", views.statistics, name="statistics"),
    path(
        "plan/<int:person_id>/avstamningsmote/<int:coordination_id>/",
        employer_views.actor_meeting_request,
        name="actor_meeting_request",
    ),
    path("arbetsgivare/", employer_views.employer_list, name="employer_list"),
    path("arbetsgivare/<int:case_id>/", employer_views.employer_case, name="employer_case"),
    path("arbetsgivare/<int:case_id>/sjukperiod/", employer_views.employer_facts, name="employer_facts"),
    path("arbetsgivare/<int:case_id>/plan/", employer_views.employer_version_add, name="employer_version_add"),
    path("arbetsgivare/<int:case_id>/samtycke/", employer_views.employer_consent, name="employer_consent"),
    path("arbetsgivare/<int:case_id>/hamta-planen/", employer_views.employer_plan_fetch, name="employer_plan_fetch"),
    path(
        "arbetsgivare/<int:case_id>/avstamningsmote/<int:coordination_id>/",
        employer_views.employer_meeting_request,
        name="employer_meeting_request",
    ),
]
