"""Routes of the exports, mounted at /<lang>/staff/analytics/exports/ (namespace analytics_exports)."""

from django.urls import path

from ourvoice.analytics import exports_views as views

app_name = "analytics_exports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("dashboard.<str:fmt>", views.dashboard_export, name="dashboard"),
    path("comparison.<str:fmt>", views.comparison_export, name="comparison"),
    path("cases/", views.case_list_export, name="cases"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("jobs/<int:job_id>/download/", views.job_download, name="download"),
]
