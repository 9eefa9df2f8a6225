from django.urls import path

from samverkan.notifications import views

app_name = "notifications"
URL_PREFIX = "att-gora/"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/last/", views.read, name="read"),
    path("alla-lasta/", views.read_all, name="read_all"),
    path("mejl/", views.email_preference, name="email_preference"),
]
