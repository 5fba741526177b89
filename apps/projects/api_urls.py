from django.urls import path

from . import api

urlpatterns = [
    path("projects/", api.ProjectListApi.as_view(), name="api-projects-list"),
    path("projects/<int:pk>/", api.ProjectDetailApi.as_view(), name="api-projects-detail"),
    path("projects/<int:pk>/follow/", api.ProjectFollowApi.as_view(), name="api-projects-follow"),
    path("projects/<int:pk>/updates/", api.ProjectUpdatesApi.as_view(), name="api-projects-updates"),
    path("dashboard/", api.DashboardApi.as_view(), name="api-dashboard"),
]
