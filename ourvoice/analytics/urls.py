from django.urls import path

from ourvoice.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("compare/", views.comparison, name="comparison"),
]
