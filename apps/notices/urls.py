from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.inbox, name="inbox"),
    path("notices/read-all/", views.mark_all_read, name="read-all"),
    path("notices/<int:pk>/read/", views.mark_read, name="read"),
    path("notices/preferences/", views.preferences, name="preferences"),
    path("notices/verify/", views.verify, name="verify"),
    path("notices/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
