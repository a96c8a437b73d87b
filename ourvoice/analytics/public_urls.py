"""The public transparency pages, mounted at ``transparency/`` (namespace "transparency")."""

from django.urls import path

from ourvoice.analytics import public_views

app_name = "transparency"
urlpatterns = [
    path("", public_views.transparency_index, name="index"),
    path("open-data.csv", public_views.transparency_open_data, name="open_data"),
    path("<str:province_code>/", public_views.transparency_province, name="province"),
]
