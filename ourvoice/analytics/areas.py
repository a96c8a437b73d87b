"""Areas as the dashboard pages name them: the ``area`` parameter, the way up, the way down.

The parameter is the level letter and the id ("N", "P17", "D1710", "O42"). Whatever names an
area outside the user's scope, or no area at all, answers 404 (``scope.area_from``), exactly as
an area that does not exist, so the pages never reveal which areas exist beyond the scope.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.http import Http404

from ourvoice.analytics.models import Level
from ourvoice.analytics.scope import NATION, Area, area_from, area_name, contains
from ourvoice.geo.models import District, Province
from ourvoice.offices.models import Office

_PARAM = re.compile(r"([NPDO])([0-9]{0,11})")


def area_param(area: Area) -> str:
    return f"{area.level}{area.id}"


def parse_area(*, scope: Area, param: str) -> Area:
    """The area ``param`` names, checked against ``scope`` (404 outside it); "" is the scope."""
    if not param:
        return scope
    match = _PARAM.fullmatch(param)
    if match is None:
        raise Http404
    level, pk = match.groups()
    if level == Level.NATIONAL:
        if pk or scope != NATION:
            raise Http404
        return NATION
    if not pk:
        raise Http404
    keyword = {Level.PROVINCE: "province", Level.DISTRICT: "district", Level.OFFICE: "office"}[Level(level)]
    return area_from(scope=scope, **{keyword: pk})


def ancestors(area: Area, *, scope: Area) -> list[Area]:
    """The areas above ``area`` up to the scope, widest first (the way back up)."""
    chain: list[Area] = []
    if area.level == Level.OFFICE:
        where = Office.objects.filter(pk=area.id).values_list("province_id", "district_id").first()
        province, district = where or (None, None)
        if district:
            chain.append(Area(Level.DISTRICT, district))
        if province:
            chain.append(Area(Level.PROVINCE, province))
    elif area.level == Level.DISTRICT:
        province = District.objects.filter(pk=area.id).values_list("province_id", flat=True).first()
        if province:
            chain.append(Area(Level.PROVINCE, province))
    if area.level != Level.NATIONAL:
        chain.append(NATION)
    return [above for above in reversed(chain) if above != area and contains(scope, above)]


def child_areas(area: Area) -> list[Area]:
    """The areas one step below ``area``: provinces; districts and the province's own offices;
    a district's offices. An office has none."""
    if area.level == Level.NATIONAL:
        provinces = Province.objects.order_by("code").values_list("pk", flat=True)
        return [Area(Level.PROVINCE, code) for code in provinces]
    if area.level == Level.PROVINCE:
        districts = District.objects.filter(province_id=area.id).order_by("code").values_list("pk", flat=True)
        own = Office.objects.filter(province_id=area.id, district__isnull=True)
        offices = own.order_by("pk").values_list("pk", flat=True)
        return [Area(Level.DISTRICT, d) for d in districts] + [Area(Level.OFFICE, str(o)) for o in offices]
    if area.level == Level.DISTRICT:
        offices = Office.objects.filter(district_id=area.id).order_by("pk").values_list("pk", flat=True)
        return [Area(Level.OFFICE, str(o)) for o in offices]
    return []


def names(areas: Iterable[Area], *, language: str) -> dict[Area, str]:
    """The names of many areas in the page language, in one query per level."""
    wanted: dict[str, set[str]] = {}
    for area in areas:
        wanted.setdefault(area.level, set()).add(area.id)
    field = "name_km" if language == "km" else "name_en"
    found: dict[Area, str] = {}
    for level, ids in wanted.items():
        if level == Level.NATIONAL:
            found[NATION] = area_name(NATION, language=language)
            continue
        rows: Iterable[tuple[Any, str]]
        if level == Level.OFFICE:
            rows = Office.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).values_list("pk", field)
        elif level == Level.PROVINCE:
            rows = Province.objects.filter(pk__in=ids).values_list("pk", field)
        else:
            rows = District.objects.filter(pk__in=ids).values_list("pk", field)
        found.update({Area(level, str(pk)): name for pk, name in rows})
    return found
