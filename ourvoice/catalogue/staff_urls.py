"""QR posters from the staff pages, mounted at ``staff/posters/`` (namespace "staff_posters")."""

from django.urls import path

from ourvoice.catalogue import staff_posters as views

app_name = "staff_posters"
urlpatterns = [
    path("", views.poster_index, name="index"),
    path("offices/<int:office_id>.pdf", views.poster_office, name="office"),
    path("jobs/<int:job_id>/", views.poster_job, name="job"),
    path("jobs/<int:job_id>/download/", views.poster_download, name="download"),
]
