from django.urls import path

from samverkan.reclaims import views

app_name = "reclaims"
URL_PREFIX = "atersokning/"
urlpatterns = [
    path("", views.reclaim_list, name="list"),
    path("inkommande/", views.incoming_list, name="incoming"),
    path("<int:reclaim_id>/", views.reclaim_detail, name="detail"),
    path("<int:reclaim_id>/skicka/", views.reclaim_send, name="send"),
    path("<int:reclaim_id>/utbetalning/", views.reclaim_settle, name="settle"),
    path("<int:reclaim_id>/avslag/", views.reclaim_refuse, name="refuse"),
    path("<int:reclaim_id>/dokument/<str:kind>.pdf", views.reclaim_letter, name="letter"),
    path("arende/<int:case_id>/vantad-forman/", views.pending_benefit_create, name="pending_create"),
    path("vantad-forman/<int:pending_id>/avsluta/", views.pending_benefit_withdraw, name="pending_withdraw"),
]
