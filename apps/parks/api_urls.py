from django.urls import path

from . import api

urlpatterns = [
    path("parks/", api.ParkListApi.as_view(), name="api-park-list"),
    path("parks/<int:pk>/", api.ParkDetailApi.as_view(), name="api-park-detail"),
]
