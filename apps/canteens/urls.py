from django.urls import path

from . import views

app_name = "canteens"

urlpatterns = [
    path("canteens/", views.canteen_list, name="list"),
    path("canteens/<int:pk>/", views.canteen_detail_view, name="detail"),
]
