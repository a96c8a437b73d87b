from django.urls import path, register_converter

from ourvoice.web.kinds import KindConverter
from ourvoice.web.views import home, news, place, pwa, receipt, services, submit, track

register_converter(KindConverter, "kind")

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    # Where? → office → topic → form (choices in the address; see flow.py)
    # The installable app: worker (scope /<lang>/), manifest, offline page and data (issue 17)
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("submit/sw.js", pwa.retired_service_worker, name="retired_service_worker"),
    path("submit/offline/", pwa.offline, name="offline"),
    path("submit/data.json", pwa.offline_data_json, name="offline_data"),
    path("exit/", home.quick_exit, name="quick_exit"),
    path("submit/<kind:kind>/", place.where, name="where"),
    path("submit/<kind:kind>/province/<str:code>/", place.province, name="province"),
    path("submit/<kind:kind>/district/<str:code>/", place.district, name="district"),
    path("submit/<kind:kind>/commune/<str:code>/", place.commune, name="commune"),
    path("submit/<kind:kind>/topic/", submit.topic, name="topic"),
    path("submit/<kind:kind>/form/", submit.form, name="form"),
    # An office's own link or QR code
    path("o/<str:office_id>/", place.office_link, name="office_link"),
    path("o/<str:office_id>/<kind:kind>/", place.office_kind, name="office_kind"),
    # The public services catalogue and the public answers (search: ?q=)
    path("services/", services.services, name="services"),
    path("services/<slug:code>/", services.service, name="service"),
    # The receipt, shown once; and as an image (POST)
    path("receipt/", receipt.receipt, name="receipt"),
    path("receipt/image/", receipt.receipt_image, name="receipt_image"),
    # Following a case
    path("track/", track.track, name="track"),
    path("track/case/", track.track_case, name="track_case"),
    path("track/case/reply/", track.track_reply, name="track_reply"),
    path("track/case/rate/", track.track_rate, name="track_rate"),
    path("track/case/contact/withdraw/", track.track_contact_withdraw, name="track_contact_withdraw"),
    path("track/forget/", track.track_forget, name="track_forget"),
    # News on this phone (Web Push) for the case of this session
    path("news/subscribe/", news.news_subscribe, name="news_subscribe"),
    path("news/unsubscribe/", news.news_unsubscribe, name="news_unsubscribe"),
]
