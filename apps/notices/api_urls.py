from django.urls import path

from . import api, facility_follows

urlpatterns = [
    path("notices/", api.NoticeListApi.as_view(), name="api-notices"),
    path("notices/read-all/", api.NoticeReadAllApi.as_view(), name="api-notices-read-all"),
    path("notices/preferences/", api.PreferencesApi.as_view(), name="api-notices-preferences"),
    path("notices/verification/", api.VerificationApi.as_view(), name="api-notices-verification"),
    path("notices/verification/confirm/", api.VerificationConfirmApi.as_view(),
         name="api-notices-verification-confirm"),
    path("facilities/<int:pk>/follow/", facility_follows.FacilityFollowApi.as_view(), name="api-facility-follow"),
    path("notices/<int:pk>/read/", api.NoticeReadApi.as_view(), name="api-notice-read"),
]
