from django.urls import path

from . import views

app_name = "housing_swap"

urlpatterns = [
    path("housing-swap/", views.scheme, name="scheme"),
    path("housing-swap/eligibility/", views.eligibility_page, name="eligibility"),
    path("housing-swap/apply/", views.apply, name="apply"),
    path("housing-swap/applications/", views.mine, name="mine"),
    path("housing-swap/applications/<int:pk>/", views.detail, name="detail"),
    path("housing-swap/applications/<int:pk>/steps/<slug:step>/", views.step, name="step"),
    path("housing-swap/applications/<int:pk>/submit/", views.submit, name="submit"),
    path("housing-swap/applications/<int:pk>/documents/", views.upload, name="upload"),
    path("housing-swap/applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("housing-swap/documents/<int:pk>/", views.document_file, name="document"),
]
