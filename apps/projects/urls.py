from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/facilities.csv", views.facility_counts_csv, name="facilities-csv"),
    path("projects/", views.project_list, name="list"),
    path("projects/export.csv", views.export_csv, name="export-csv"),
    path("projects/export.json", views.export_json, name="export-json"),
    path("projects/<int:pk>/", views.project_detail, name="detail"),
    path("projects/<int:pk>/follow/", views.project_follow, name="follow"),
]
