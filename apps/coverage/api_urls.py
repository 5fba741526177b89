from django.urls import path

from . import api

urlpatterns = [
    path("communities/", api.CommunityListApi.as_view(), name="api-communities"),
    path("coverage/", api.CoverageApi.as_view(), name="api-coverage"),
    path("coverage/geojson/", api.CoverageGeoJSONApi.as_view(), name="api-coverage-geojson"),
]
