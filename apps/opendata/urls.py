"""``/open-data/`` and its files (see views)."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.index, name="index"),
    path("open-data/<slug:kind>.csv", views.dataset_csv, name="csv"),
    path("open-data/<slug:kind>.geojson", views.dataset_geojson, name="geojson"),
]
