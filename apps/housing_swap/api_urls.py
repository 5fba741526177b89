from django.urls import path

from . import api

urlpatterns = [
    path("housing-swap/rounds/", api.RoundList.as_view(), name="housing-swap-api-rounds"),
    path("housing-swap/rounds/<int:pk>/", api.RoundDetail.as_view(), name="housing-swap-api-round"),
    path("housing-swap/projects/", api.ProjectList.as_view(), name="housing-swap-api-projects"),
    path("housing-swap/projects/<int:pk>/", api.ProjectDetail.as_view(), name="housing-swap-api-project"),
    path("housing-swap/eligibility/", api.Eligibility.as_view(), name="housing-swap-api-eligibility"),
    path("housing-swap/applications/", api.ApplicationListCreate.as_view(), name="housing-swap-api-applications"),
    path("housing-swap/applications/<int:pk>/", api.ApplicationDetail.as_view(), name="housing-swap-api-application"),
    path("housing-swap/applications/<int:pk>/documents/", api.ApplicationDocuments.as_view(),
         name="housing-swap-api-documents"),
    path("housing-swap/applications/<int:pk>/documents/<int:document_pk>/file/", api.ApplicationDocumentFile.as_view(),
         name="housing-swap-api-document-file"),
    path("housing-swap/applications/<int:pk>/withdraw/", api.ApplicationWithdraw.as_view(),
         name="housing-swap-api-withdraw"),
]
