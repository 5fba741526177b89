from django.urls import path

from . import api

urlpatterns = [
    path("canteens/", api.CanteenListApi.as_view(), name="api-canteen-list"),
    path("canteens/<int:pk>/", api.CanteenDetailApi.as_view(), name="api-canteen-detail"),
]
