from django.urls import include, path

from ourvoice.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", include("ourvoice.channels.staff.urls")),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/<slug:action>/", views.case_action, name="action"),
    path("<int:case_id>/files/<int:attachment_id>/", views.attachment_download, name="file"),
    path("<int:case_id>/files/<int:attachment_id>/play/", views.attachment_play, name="play"),
]
