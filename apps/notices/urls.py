from django.urls import path

from . import facility_follows, views

app_name = "notices"

urlpatterns = [
    path("notices/", views.inbox, name="inbox"),
    path("notices/read-all/", views.mark_all_read, name="read-all"),
    path("notices/<int:pk>/read/", views.mark_read, name="read"),
    path("notices/preferences/", views.preferences, name="preferences"),
    path("notices/verify/", views.verify, name="verify"),
    path("facilities/<int:pk>/follow/", facility_follows.facility_follow, name="facility-follow"),
    path("notices/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
