"""Top-level routes: language-prefixed pages, the API, health and the admin."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from ourvoice.accounts.admin import admin_site
from ourvoice.core.views import healthz
from ourvoice.ops.views import livez, metrics, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("readyz", readyz, name="readyz"),
    path("ops/metrics", metrics, name="ops_metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("ourvoice.api.urls")),
    path("open311/v2/", include("ourvoice.open311.urls")),
    path("channels/telegram/", include("ourvoice.channels.telegram.urls")),
    path("channels/sms/", include("ourvoice.channels.sms.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin_site.urls),
    path("staff/cases/", include("ourvoice.cases.urls")),
    path("staff/analytics/exports/", include("ourvoice.analytics.export_urls")),
    path("staff/notifications/", include("ourvoice.notifications.urls")),
    path("staff/analytics/", include("ourvoice.analytics.urls")),
    path("staff/analytics/reports/", include("ourvoice.analytics.report_urls")),
    path("staff/posters/", include("ourvoice.catalogue.staff_urls")),
    path("staff/", include("ourvoice.accounts.urls")),
    path("transparency/", include("ourvoice.analytics.public_urls")),
    path("", include("ourvoice.web.urls")),
    prefix_default_language=True,
)
