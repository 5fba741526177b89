import importlib.util

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core import views as core_views

# Every installed portal app may own page URLs (apps/<app>/urls.py, full paths such as
# "canteens/") and API URLs (apps/<app>/api_urls.py, under /api/v1/); they are mounted here
# by themselves, in the order the apps are installed, so a new app touches no shared module.
# accounts' pages live under /accounts/.
PREFIXES = {"accounts": "accounts/"}


def _portal_apps_with(module: str) -> list[str]:
    found = []
    for config in django_apps.get_app_configs():
        if config.name.startswith("apps.") and importlib.util.find_spec(f"{config.name}.{module}") is not None:
            found.append(config.name)
    return found


api_v1 = [path("", include(f"{app}.api_urls")) for app in _portal_apps_with("api_urls")]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/ping", core_views.ping, name="ping"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves its init script as a file: no inline script for the CSP to block
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(api_v1)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("preferences/senior-mode/", core_views.senior_mode, name="senior_mode"),
    path("admin/", admin.site.urls),
    *[path(PREFIXES.get(app.removeprefix("apps."), ""), include(f"{app}.urls")) for app in _portal_apps_with("urls")],
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "apps.core.errors.bad_request"
handler403 = "apps.core.errors.permission_denied"
handler404 = "apps.core.errors.page_not_found"
handler500 = "apps.core.errors.server_error"
