from django.urls import path

from . import api

urlpatterns = [
    path("nearby/", api.NearbyApi.as_view(), name="nearby-api"),
    path("facilities/", api.FacilityListApi.as_view(), name="facilities-list"),
    path("facilities.geojson", api.FacilitiesGeoJsonApi.as_view(), name="facilities-geojson"),
]
