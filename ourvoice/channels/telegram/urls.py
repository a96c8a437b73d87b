from django.urls import path

from ourvoice.channels.telegram import views

app_name = "telegram"
urlpatterns = [path("webhook/", views.webhook, name="webhook")]
