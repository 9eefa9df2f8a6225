from django.urls import path

from samverkan.rehab import employer_views, summons_views
from samverkan.rehab.views import actors, coordinations, meetings

app_name = "rehab"
URL_PREFIX = "rehab/"
urlpatterns = [
    path("", coordinations.coordination_list, name="list"),
    path("ny/", coordinations.coordination_create, name="create"),
    path("<int:pk>/", coordinations.coordination_detail, name="detail"),
    path("<int:pk>/andra/", coordinations.coordination_update, name="update"),
    path("<int:pk>/behov/", coordinations.needs_edit, name="needs"),
    path("<int:pk>/samtycke/", coordinations.consent_add, name="consent_add"),
    path("<int:pk>/samtycke/<int:consent_id>/aterkalla/", coordinations.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/insatser/ny/", coordinations.measure_add, name="measure_add"),
    path("<int:pk>/insatser/<int:measure_id>/", coordinations.measure_edit, name="measure_edit"),
    path("<int:pk>/insatser/<int:measure_id>/uppfoljning/", coordinations.measure_follow_up, name="measure_follow_up"),
    path("<int:pk>/plan/", coordinations.plan_agree, name="plan_agree"),
    path("<int:pk>/historik/", coordinations.history, name="history"),
    path("<int:pk>/moten/ny/", coordinations.meeting_request, name="meeting_request"),
    path("<int:pk>/moten/<int:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path(
        "<int:pk>/moten/<int:meeting_id>/deltagare/", meetings.meeting_participant_add, name="meeting_participant_add"
    ),
    path(
        "<int:pk>/moten/<int:meeting_id>/deltagare/<int:participant_id>/ta-bort/",
        meetings.meeting_participant_remove,
        name="meeting_participant_remove",
    ),
    path("<int:pk>/moten/<int:meeting_id>/checklista/", meetings.meeting_checklist, name="meeting_checklist"),
    path("<int:pk>/moten/<int:meeting_id>/boka/", meetings.meeting_book, name="meeting_book"),
    path("<int:pk>/moten/<int:meeting_id>/anteckningar/", meetings.meeting_minutes, name="meeting_minutes"),
    path("<int:pk>/moten/<int:meeting_id>/stall-in/", meetings.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/moten/<int:meeting_id>/kallelse.pdf", summons_views.summons_pdf, name="summons_pdf"),
    path("<int:pk>/moten/<int:meeting_id>/kallelse/skicka/", summons_views.summons_send, name="summons_send"),
    path("<int:pk>/moten/<int:meeting_id>/atgarder/", meetings.action_add, name="action_add"),
    path(
        "<int:pk>/moten/<int:meeting_id>/atgarder/<int:action_id>/till-plan/",
        meetings.action_to_measure,
        name="action_to_measure",
    ),
    path("paminnelser/<int:reminder_id>/klar/", coordinations.reminder_dismiss, name="reminder_dismiss"),
    path("vard/", actors.healthcare_overview, name="healthcare"),
    path("vard/<int:case_id>/", actors.healthcare_patient, name="healthcare_patient"),
    path("vard/<int:case_id>/status/", actors.healthcare_status, name="healthcare_status"),
    path("vard/<int:case_id>/hamta-planen/", actors.healthcare_plan_fetch, name="healthcare_plan_fetch"),
    path(
        "vard/<int:case_id>/avstamningsmote/<int:coordination_id>/",
        actors.healthcare_meeting_request,
        name="healthcare_meeting_request",
    ),
    path("plan/<int:person_id>/", actors.actor_plan, name="actor_plan"),
    path("plan/<int:person_id>/hamta/", actors.actor_plan_fetch, name="actor_plan_fetch"),
    path("statistik/", actors.statistics, name="statistics"),
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
