from django.urls import path

from . import api

urlpatterns = [
    path("reports/", api.ReportListCreateApi.as_view(), name="api-reports-list"),
    path("reports/<int:pk>/", api.ReportDetailApi.as_view(), name="api-reports-detail"),
    path("reports/<int:pk>/support/", api.ReportSupportApi.as_view(), name="api-reports-support"),
    path("reports/<int:pk>/rate/", api.ReportRateApi.as_view(), name="api-reports-rate"),
]
