from django.urls import path

from . import api

urlpatterns = [
    path("account/my-data/", api.MyDataApi.as_view(), name="api-account-my-data"),
    path("account/delete/", api.DeleteAccountApi.as_view(), name="api-account-delete"),
]
