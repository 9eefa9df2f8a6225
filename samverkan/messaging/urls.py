from django.urls import path

from samverkan.messaging import views

app_name = "messaging"
URL_PREFIX = "kommunikation/"
urlpatterns = [
    path("", views.index, name="index"),
    path("fragor/", views.question_list, name="questions"),
    path("fragor/ny/", views.question_create, name="question_create"),
    path("fragor/oversikt/", views.dashboard, name="dashboard"),
    path("fragor/<int:question_id>/", views.question_detail, name="question_detail"),
    path("fragor/<int:question_id>/svara/", views.question_answer, name="question_answer"),
    path("fragor/<int:question_id>/stang/", views.question_close, name="question_close"),
    path("fragor/<int:question_id>/bedom/", views.question_assess, name="question_assess"),
    path("aterkoppling/", views.callbacks, name="callbacks"),
    path("aterkoppling/ny/", views.callback_create, name="callback_create"),
    path("aterkoppling/<int:callback_id>/klar/", views.callback_mark_done, name="callback_done"),
    path("terminsmoten/", views.term_meetings, name="term_meetings"),
    path("terminsmoten/<int:assignment_id>/boka/", views.term_meeting_book, name="term_meeting_book"),
    path("terminsmoten/mote/<int:meeting_id>/genomfort/", views.term_meeting_held, name="term_meeting_held"),
    path("aviseringar/", views.notifications, name="notifications"),
    path("aviseringar/<int:notification_id>/last/", views.notification_read, name="notification_read"),
    path("mejl/", views.email_compose, name="email"),
    path("franvaro/", views.absence, name="absence"),
    path("franvaro/<int:absence_id>/ta-bort/", views.absence_cancel, name="absence_cancel"),
    path("kontakter/", views.directory, name="directory"),
    path("kontakter/ansvarig/", views.directory_responsible, name="directory_responsible"),
]
