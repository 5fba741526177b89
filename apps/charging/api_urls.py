from django.urls import path

from apps.accounts.operator_api import token_urlpatterns

from . import api

urlpatterns = [
    path("charging-stations/", api.ChargingStationListApi.as_view(), name="api-charging-station-list"),
    path("charging-stations/<int:pk>/", api.ChargingStationDetailApi.as_view(),
         name="api-charging-station-detail"),
    path("charging/operator/charge-points/", api.OperatorChargePointListApi.as_view(),
         name="api-charging-operator-points"),
    path("charging/operator/charge-points/<int:pk>/status/", api.StatusReportApi.as_view(),
         name="api-charging-status-report"),
    *token_urlpatterns("charging/operator/tokens/", api.TOKEN_VIEWS, "api-charging-operator-token"),
]
