from django.urls import path

from . import api

urlpatterns = [
    path("accessibility-sites/", api.AccessibilitySiteListApi.as_view(), name="api-accessibility-site-list"),
    path("accessibility-sites/<int:pk>/", api.AccessibilitySiteDetailApi.as_view(),
         name="api-accessibility-site-detail"),
]
