"""The coverage app's URLs with just what the base layout needs, so these tests do not
depend on sibling apps' URL modules (work in progress in the same tree)."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from apps.core import views as core_views

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include("apps.coverage.api_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("preferences/senior-mode/", core_views.senior_mode, name="senior_mode"),
    path("admin/", admin.site.urls),
    path("accounts/", include("apps.accounts.urls")),
    path("", include("apps.coverage.urls")),
]
