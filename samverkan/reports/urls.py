from django.urls import path

from samverkan.reports import views

app_name = "reports"
URL_PREFIX = "uppfoljning/"
urlpatterns = [
    path("logggranskning/", views.log_review, name="log_review"),
    path("logggranskning/rapport/<str:kind>/", views.log_report, name="log_report"),
    path("logggranskning/rapport/<str:kind>/export.csv", views.log_report_export, name="log_report_export"),
    path("logggranskning/granska/", views.finding_mark, name="finding_mark"),
    path("logggranskning/personposter/", views.official_links, name="official_links"),
    path("logggranskning/sok/", views.log_search, name="log_search"),
    path("logggranskning/sok/export.csv", views.log_search_export, name="log_search_export"),
    path("statistik/", views.statistics_view, name="statistics"),
    path("statistik/export.<str:fmt>", views.statistics_export, name="statistics_export"),
    path("samordningsforbund/", views.finsam_view, name="finsam"),
    path("samordningsforbund/export.<str:fmt>", views.finsam_export, name="finsam_export"),
]
