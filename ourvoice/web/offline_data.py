"""The data the app needs to open the whole submission flow with no connection (issue 17 point 2):
every province, district and commune, the offices a citizen can address, and each kind's topics
with their guided questions, in one language, as compact JSON.

Lists of arrays rather than objects keep it small (docs/performance.md: the Khmer file is the
largest, ≤ 150 KB compressed). A district's province is its code's first 2 digits and a commune's
district its first 4, as in the gazetteer. ``version`` is a hash of the content: the app keeps the
file and fetches it again only when the server's ETag moves.
"""

import hashlib
import json
from typing import Any

from ourvoice.feedback.models import Category
from ourvoice.geo.models import Commune, District, Province
from ourvoice.offices.models import Office
from ourvoice.offices.selectors import CITIZEN_OFFICE_ORDER


def _name(row: Any, language: str) -> str:
    return str(getattr(row, f"name_{language}") or row.name_km)


def offline_data(*, language: str) -> dict[str, Any]:
    places = {
        "provinces": [[p.code, _name(p, language)] for p in Province.objects.order_by("code")],
        "districts": [[d.code, _name(d, language)] for d in District.objects.order_by("code")],
        "communes": [[c.code, _name(c, language)] for c in Commune.objects.order_by("code")],
    }
    offices = []
    order = {office_type.value: i for i, office_type in enumerate(CITIZEN_OFFICE_ORDER)}
    for office in Office.objects.filter(type__in=list(order)).order_by("pk"):
        # Where the office serves: its commune, else its district, else its province.
        area = office.commune_id or office.district_id or office.province_id
        if area:
            offices.append([str(office.pk), order[office.type], _name(office, language), str(area)])
    topics = []
    categories = (
        Category.objects.filter(is_active=True).prefetch_related("questions").order_by("kind", "order", "pk")
    )
    for category in categories:
        questions = [
            [
                q.code,
                getattr(q, f"label_{language}") or q.label_km,
                q.datatype,
                int(q.required),
                [[c["value"], c.get(language) or c.get("km", c["value"])] for c in q.choices or []],
            ]
            for q in category.questions.all()
        ]
        help_text = getattr(category, f"help_{language}") or category.help_km
        flags = {
            "about_office": category.about_office,
            "fee": category.asks_fee,
            "sensitive": category.is_sensitive,
        }
        topics.append([category.code, category.kind, _name(category, language), help_text, flags, questions])
    data: dict[str, Any] = {"language": language, **places, "offices": offices, "topics": topics}
    data["version"] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return data
