from django.urls import path

from . import views

urlpatterns = [
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/coverage.csv", views.coverage_csv, name="coverage-csv"),
]
