from django.urls import path

from . import views

app_name = "parks"

urlpatterns = [
    path("parks/", views.park_list, name="list"),
    path("parks/<int:pk>/", views.park_detail_view, name="detail"),
]
