from django.urls import path

from samverkan.disclosures import document_views, views

app_name = "disclosures"
#: Mounted at the root: the pages live under /forfragningar/ and /granskning/.
URL_PREFIX = ""
urlpatterns = [
    path("forfragningar/", views.request_list, name="request_list"),
    path("forfragningar/<int:request_id>/", views.request_detail, name="request_detail"),
    path("arenden/<int:case_id>/begar-uppgifter/", views.request_create, name="request_create"),
    path("granskning/", views.review_queue, name="review_queue"),
    path("granskning/<int:task_id>/", views.review_detail, name="review_detail"),
    path("granskning/handling/<int:decision_id>/", document_views.document_deliver, name="document_deliver"),
    path(
        "forfragningar/<int:request_id>/handling/<int:document_id>/",
        document_views.document_open,
        name="document_open",
    ),
]
