from django.urls import path

from samverkan.messaging.views import callback_requests, contacts, meetings, questions

app_name = "messaging"
URL_PREFIX = "kommunikation/"
urlpatterns = [
    path("", questions.index, name="index"),
    path("fragor/", questions.question_list, name="questions"),
    path("fragor/ny/", questions.question_create, name="question_create"),
    path("fragor/oversikt/", questions.dashboard, name="dashboard"),
    path("fragor/<int:question_id>/", questions.question_detail, name="question_detail"),
    path("fragor/<int:question_id>/svara/", questions.question_answer, name="question_answer"),
    path("fragor/<int:question_id>/stang/", questions.question_close, name="question_close"),
    path("fragor/<int:question_id>/bedom/", questions.question_assess, name="question_assess"),
    path("aterkoppling/", callback_requests.callbacks, name="callbacks"),
    path("aterkoppling/ny/", callback_requests.callback_create, name="callback_create"),
    path("aterkoppling/<int:callback_id>/klar/", callback_requests.callback_mark_done, name="callback_done"),
    path("terminsmoten/", meetings.term_meetings, name="term_meetings"),
    path("terminsmoten/<int:assignment_id>/boka/", meetings.term_meeting_book, name="term_meeting_book"),
    path("terminsmoten/mote/<int:meeting_id>/genomfort/", meetings.term_meeting_held, name="term_meeting_held"),
    path("aviseringar/", contacts.notifications, name="notifications"),
    path("aviseringar/<int:notification_id>/last/", contacts.notification_read, name="notification_read"),
    path("mejl/", contacts.email_compose, name="email"),
    path("franvaro/", contacts.absence, name="absence"),
    path("franvaro/<int:absence_id>/ta-bort/", contacts.absence_cancel, name="absence_cancel"),
    path("kontakter/", contacts.directory, name="directory"),
    path("kontakter/ansvarig/", contacts.directory_responsible, name="directory_responsible"),
]
