from django.urls import path

from . import api

urlpatterns = [
    path("charging-stations/", api.ChargingStationListApi.as_view(), name="api-charging-station-list"),
    path("charging-stations/<int:pk>/", api.ChargingStationDetailApi.as_view(),
         name="api-charging-station-detail"),
    path("charging/operator/charge-points/", api.OperatorChargePointListApi.as_view(),
         name="api-charging-operator-points"),
    path("charging/operator/charge-points/<int:pk>/status/", api.StatusReportApi.as_view(),
         name="api-charging-status-report"),
    path("charging/operator/tokens/", api.OperatorTokenListApi.as_view(), name="api-charging-operator-tokens"),
    path("charging/operator/tokens/<int:pk>/", api.OperatorTokenDetailApi.as_view(),
         name="api-charging-operator-token"),
    path("charging/operator/tokens/<int:pk>/rotate/", api.OperatorTokenRotateApi.as_view(),
         name="api-charging-operator-token-rotate"),
]
