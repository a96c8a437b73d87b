"""Staff quarterly reports, mounted at ``staff/analytics/reports/`` (namespace "analytics_reports")."""

from django.urls import path

from ourvoice.analytics import report_views

app_name = "analytics_reports"
urlpatterns = [
    path("", report_views.report_index, name="index"),
    path("stored/<path:name>", report_views.report_stored, name="stored"),
]
