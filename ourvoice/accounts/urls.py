from django.urls import path

from ourvoice.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("offices/<int:office_id>/", views.office_detail, name="office_detail"),
]
