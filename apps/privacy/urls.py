from django.urls import path

from . import views

app_name = "privacy"

# under the account area (the accounts app's pages are under /accounts/ too)
urlpatterns = [
    path("accounts/my-data/", views.my_data, name="my-data"),
    path("accounts/delete/", views.delete_account, name="delete"),
    path("accounts/deleted/", views.deleted, name="deleted"),
]
