from django.urls import path

from . import views

app_name = "charging"

urlpatterns = [
    path("charging/", views.station_list, name="list"),
    path("charging/<int:pk>/", views.station_detail_view, name="detail"),
]
