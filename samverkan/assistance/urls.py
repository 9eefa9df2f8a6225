from django.urls import path
from django.views.generic import RedirectView

from samverkan.accounts.access import allowed
from samverkan.assistance import views
from samverkan.assistance.access import ASSISTANCE

app_name = "assistance"
URL_PREFIX = "bistand/"
urlpatterns = [
    path("", allowed(ASSISTANCE)(RedirectView.as_view(pattern_name="assistance:list", permanent=False))),
    path("ansokningar/", views.application_list, name="list"),
    path("arenden/<int:case_id>/ansokningar/", views.case_applications, name="case_applications"),
    path("arenden/<int:case_id>/ny-ansokan/", views.application_create, name="create"),
    path("ansokningar/<int:application_id>/", views.application_detail, name="detail"),
    path("ansokningar/<int:application_id>/kontroller/", views.application_controls, name="controls"),
    path("ansokningar/<int:application_id>/bedomning/", views.application_assess, name="assess"),
    path("ansokningar/<int:application_id>/inkomster/", views.income_add, name="income_add"),
    path("ansokningar/<int:application_id>/kostnader/", views.cost_add, name="cost_add"),
    path("ansokningar/<int:application_id>/beslut/", views.application_decide, name="decide"),
    path("ansokningar/<int:application_id>/utbetalningar/", views.payment_register, name="payment_register"),
    path("ansokningar/<int:application_id>/aterbetalningar/", views.repayment_register, name="repayment_register"),
    path("kontrollkorningar/", views.control_runs, name="runs"),
    path("kontrollkorningar/<int:run_id>/", views.control_run_detail, name="run_detail"),
]
