"""Reading Open311 parameters: a bad value raises a 400 ``Open311Error`` naming the parameter.

"Optional" means the same whether a parameter is absent or empty (GeoReport v2, Definitions).
"""

import datetime
import math
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ourvoice.core.khmer import to_latin_digits
from ourvoice.geo.models import Commune
from ourvoice.open311.errors import Open311Error, bad_request

JURISDICTION_ID = "kh"
LOCALES = ("km", "en")
_ATTRIBUTE = re.compile(r"attribute\[([^\]\[]{1,64})\](\[\])?")
_W3C = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?")
MAX_LIST = 1000


def text(data: Any, name: str) -> str:
    value = data.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def locale(data: Any) -> str | None:
    value = text(data, "locale")
    if not value:
        return None
    if value not in LOCALES:
        raise bad_request(_("locale: give km (Khmer) or en (English)."))
    return value


def check_jurisdiction(data: Any) -> None:
    value = text(data, "jurisdiction_id")
    if value and value != JURISDICTION_ID:
        raise Open311Error(404, _("jurisdiction_id: this server serves one jurisdiction, “kh” (Cambodia)."))


def boolean(data: Any, name: str) -> bool:
    value = text(data, name).lower()
    if value in ("", "false", "0", "no", "off"):
        return False
    if value in ("true", "1", "yes", "on"):
        return True
    raise bad_request(_("%(name)s: give true or false.") % {"name": name})


def w3c_datetime(data: Any, name: str) -> datetime.datetime | None:
    """A W3C date-time (``2010-01-01T00:00:00Z``); a bare date means its midnight in Cambodia."""
    value = to_latin_digits(text(data, name))
    if not value:
        return None
    if _W3C.fullmatch(value):
        try:
            parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is not None and 1900 <= parsed.year <= 2999:  # the database's range, with room
            return parsed if parsed.tzinfo else timezone.make_aware(parsed)
    raise bad_request(
        _("%(name)s: give a date and time in W3C format, for example 2026-01-01T00:00:00Z.") % {"name": name}
    )


def comma_list(data: Any, name: str) -> list[str] | None:
    """Values declared comma-delimited, or repeated (``status=open&status=closed``)."""
    given = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
    values = [item.strip() for value in given if isinstance(value, str) for item in value.split(",")]
    values = [value for value in values if value]
    if len(values) > MAX_LIST:
        raise bad_request(_("%(name)s: give at most %(max)d values.") % {"name": name, "max": MAX_LIST})
    return values or None


def commune(data: Any) -> Commune | None:
    value = to_latin_digits(text(data, "address_id"))
    if not value:
        return None
    if not (len(value) == 6 and value.isascii() and value.isdigit()):
        raise bad_request(_("address_id: give the 6-digit code of a commune, for example 171001."))
    found = Commune.objects.select_related("district__province").filter(code=value).first()
    if found is None:
        raise bad_request(_("address_id: no commune has this code."))
    return found


def point(data: Any) -> tuple[float, float] | None:
    lat, lon = text(data, "lat"), text(data, "long")
    if not lat and not lon:
        return None
    if not lat or not lon:
        raise bad_request(_("lat and long: send both, or neither."))
    try:
        latitude, longitude = float(to_latin_digits(lat)), float(to_latin_digits(lon))
    except ValueError:
        latitude = longitude = math.nan
    if (
        not (math.isfinite(latitude) and math.isfinite(longitude))
        or abs(latitude) > 90
        or abs(longitude) > 180
    ):
        raise bad_request(
            _("lat and long: give a WGS 84 latitude and longitude in degrees, such as 13.36 and 103.86.")
        )
    return latitude, longitude


def attributes(data: Any) -> dict[str, list[str]]:
    """``attribute[code]=value`` and ``attribute[code][]=value`` pairs, by code."""
    found: dict[str, list[str]] = {}
    for key in data:
        match = _ATTRIBUTE.fullmatch(key) if isinstance(key, str) else None
        if match:
            given = data.getlist(key) if hasattr(data, "getlist") else [data.get(key)]
            found.setdefault(match.group(1), []).extend(v for v in given if isinstance(v, str))
    return found
