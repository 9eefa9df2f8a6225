from django.urls import path

from samverkan.scheduling import views

app_name = "scheduling"
URL_PREFIX = "drift/"
urlpatterns = [
    path("korningar/", views.overview, name="overview"),
]
