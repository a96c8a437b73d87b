from django.urls import path

from ourvoice.channels.staff import views

app_name = "intake"
urlpatterns = [
    path("", views.intake_new, name="new"),
    path("done/", views.intake_done, name="done"),
    path("slip/", views.intake_slip, name="slip"),
]
