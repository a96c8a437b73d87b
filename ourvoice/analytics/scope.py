"""Which area each role's dashboards cover, and the filters of a dashboard (README.md).

- office staff and office head: their office;
- district ombudsman: their district; provincial ombudsman and provincial administration: their
  province;
- national oversight, independent monitors and system administrators: the whole country;
- anyone else, or a role missing the office or province it needs: nothing (``None``).

A filter may narrow a dashboard to an area inside the scope; an area outside it answers 404,
exactly as an area that does not exist (accounts/access.py).
"""

import datetime
from dataclasses import dataclass, replace

from django.http import Http404
from django.utils import timezone

from ourvoice.accounts.access import AnyUser, user_is_verified
from ourvoice.accounts.models import Role, User
from ourvoice.analytics.models import Level, Split
from ourvoice.feedback.models import Category, Kind
from ourvoice.geo.models import District, Province
from ourvoice.offices.models import Office

DEFAULT_MONTHS = 12
MAX_MONTHS = 120


@dataclass(frozen=True)
class Area:
    level: str  # Level
    id: str  # "" for the nation; a province or district code; an office's id


NATION = Area(Level.NATIONAL, "")


def scope_of(*, user: AnyUser) -> Area | None:
    """The widest area ``user``'s dashboards show, or None for no dashboard at all."""
    if not isinstance(user, User) or not user_is_verified(user):
        return None
    office = user.office
    if user.role in (Role.OFFICE_STAFF, Role.OFFICE_HEAD) and office is not None:
        return Area(Level.OFFICE, str(office.pk))
    if user.role == Role.OMBUDSMAN and office is not None:
        if office.type == Office.Type.DISTRICT_OMBUDSMAN and office.district_id:
            return Area(Level.DISTRICT, office.district_id)
        if office.type == Office.Type.PROVINCIAL_OMBUDSMAN and office.province_id:
            return Area(Level.PROVINCE, office.province_id)
        return None
    if user.role == Role.PROVINCIAL_ADMIN and user.province_id is not None:
        return Area(Level.PROVINCE, user.province_id)
    if (
        user.role == Role.NATIONAL_OVERSIGHT
        and office is not None
        and office.type == Office.Type.NATIONAL_OVERSIGHT
    ):
        return NATION
    if user.role == Role.SYSTEM_ADMIN:
        return NATION
    if user.role == Role.MONITOR and user.office_id is None and user.province_id is None:
        return NATION
    return None


def contains(scope: Area, area: Area) -> bool:
    """True when ``area`` lies inside ``scope`` (an area contains itself)."""
    if scope == area or scope.level == Level.NATIONAL:
        return True
    if area.level == Level.DISTRICT and scope.level == Level.PROVINCE:
        return District.objects.filter(pk=area.id, province_id=scope.id).exists()
    if area.level == Level.OFFICE and scope.level == Level.PROVINCE:
        return Office.objects.filter(pk=area.id, province_id=scope.id).exists()
    if area.level == Level.OFFICE and scope.level == Level.DISTRICT:
        return Office.objects.filter(pk=area.id, district_id=scope.id).exists()
    return False


def _exists(level: str, pk: str) -> bool:
    if level == Level.OFFICE:
        return pk.isdigit() and len(pk) < 12 and Office.objects.filter(pk=int(pk)).exists()
    model = District if level == Level.DISTRICT else Province
    return model.objects.filter(pk=pk).exists()


def area_from(*, scope: Area, province: str = "", district: str = "", office: str = "") -> Area:
    """The narrowest area the filter names, checked against the scope (404 outside it)."""
    area = scope
    for level, pk in ((Level.OFFICE, office), (Level.DISTRICT, district), (Level.PROVINCE, province)):
        if pk:
            if not _exists(level, pk):
                raise Http404
            area = Area(level, pk)
            break
    if not contains(scope, area):
        raise Http404
    return area


def area_name(area: Area, *, language: str) -> str:
    if area.level == Level.NATIONAL:
        return "កម្ពុជា" if language == "km" else "Cambodia"
    places = {
        Level.PROVINCE: Province.objects,
        Level.DISTRICT: District.objects,
        Level.OFFICE: Office.objects,
    }
    obj = places[Level(area.level)].filter(pk=area.id).values("name_km", "name_en").first()
    if obj is None:
        return ""
    return obj["name_km"] if language == "km" else obj["name_en"]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass(frozen=True)
class Filters:
    area: Area
    start: datetime.date  # first month
    end: datetime.date  # last month (inclusive)
    kind: str = ""
    category: int | None = None
    split: str = ""

    @classmethod
    def default(cls, area: Area, *, today: datetime.date | None = None) -> "Filters":
        end = month_start(today or timezone.localdate())
        return cls(area=area, start=add_months(end, 1 - DEFAULT_MONTHS), end=end)

    def clean(self) -> "Filters":
        """Raise ValueError for filters that cannot be right (the form shows a message)."""
        if self.kind and self.kind not in Kind.values:
            raise ValueError("kind")
        if self.split not in Split.values:
            raise ValueError("split")
        if self.category is not None and not Category.objects.filter(pk=self.category).exists():
            raise ValueError("category")
        if self.end < self.start or len(months_between(self.start, self.end)) > MAX_MONTHS:
            raise ValueError("period")
        return self

    def previous(self) -> "Filters":
        """The same filters over the period of equal length just before (for trends)."""
        length = len(months_between(self.start, self.end))
        return replace(self, start=add_months(self.start, -length), end=add_months(self.start, -1))
