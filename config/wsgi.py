import os

from django.core.wsgi import get_wsgi_application

from config import default_settings_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module())
application = get_wsgi_application()

import datetime  # noqa: E402

from ourvoice.cases.workdays import load_calendar  # noqa: E402
from ourvoice.core.warmup import warm_up  # noqa: E402 (needs the settings the app just loaded)

warm_up()  # before the first request, not during it (ourvoice/core/warmup.py)
load_calendar(datetime.date.today())  # the deadlines' holidays, likewise
