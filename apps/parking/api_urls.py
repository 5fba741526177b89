from django.urls import path

from apps.accounts.operator_api import token_urlpatterns

from . import api

urlpatterns = [
    path("car-parks/", api.CarParkListApi.as_view(), name="api-car-park-list"),
    path("car-parks/<int:pk>/", api.CarParkDetailApi.as_view(), name="api-car-park-detail"),
    path("parking/operator/car-parks/", api.OperatorCarParkListApi.as_view(), name="api-parking-operator-car-parks"),
    path("parking/operator/car-parks/<int:pk>/free-spaces/", api.FreeSpacesReportApi.as_view(),
         name="api-parking-free-spaces-report"),
    *token_urlpatterns("parking/operator/tokens/", api.TOKEN_VIEWS, "api-parking-operator-token"),
]
