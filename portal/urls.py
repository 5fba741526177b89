from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core import views as core_views

# Every domain app owns its page URLs (apps/<app>/urls.py, full paths such as
# "canteens/") and its API URLs (apps/<app>/api_urls.py, under /api/v1/).
DOMAIN_APPS = [
    "accounts",
    "notices",
    "places",
    "canteens",
    "charging",
    "parks",
    "projects",
    "housing_swap",
    "coverage",
]

api_v1 = [path("", include(f"apps.{app}.api_urls")) for app in DOMAIN_APPS]

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
    path("accounts/", include("apps.accounts.urls")),
    *[path("", include(f"apps.{app}.urls")) for app in DOMAIN_APPS if app != "accounts"],
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "apps.core.errors.bad_request"
handler403 = "apps.core.errors.permission_denied"
handler404 = "apps.core.errors.page_not_found"
handler500 = "apps.core.errors.server_error"
