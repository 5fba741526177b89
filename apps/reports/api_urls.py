from django.urls import path

from . import api, operator_api

urlpatterns = [
    path("reports/", api.ReportListCreateApi.as_view(), name="api-reports-list"),
    path("reports/<int:pk>/", api.ReportDetailApi.as_view(), name="api-reports-detail"),
    path("reports/<int:pk>/support/", api.ReportSupportApi.as_view(), name="api-reports-support"),
    path("reports/<int:pk>/rate/", api.ReportRateApi.as_view(), name="api-reports-rate"),
    # operators answer the reports about their own facilities (officials use the back office)
    path("operator/reports/", operator_api.OperatorReportListApi.as_view(), name="api-reports-operator-list"),
    path("operator/reports/<int:pk>/status/", operator_api.OperatorStatusApi.as_view(),
         name="api-reports-operator-status"),
]
