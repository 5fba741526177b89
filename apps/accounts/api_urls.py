from django.urls import path

from . import api

urlpatterns = [
    path("auth/register/", api.RegisterApi.as_view(), name="api-register"),
    path("auth/token/", api.TokenApi.as_view(), name="api-token"),
    path("auth/tokens/", api.TokenListApi.as_view(), name="api-tokens"),
    path("auth/tokens/<int:pk>/", api.TokenDetailApi.as_view(), name="api-token-detail"),
    path("auth/sign-out-everywhere/", api.SignOutEverywhereApi.as_view(), name="api-sign-out-everywhere"),
]
