from django.urls import path

from ourvoice.channels.sms import views

app_name = "sms"
urlpatterns = [path("inbound/", views.inbound, name="inbound")]
