from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("nearby/", views.nearby_page, name="nearby"),
]
