"""Reads of the gazetteer: the lists behind cascading pickers, and place search by name."""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from ourvoice.geo.models import Commune, District, Place, Province, Village
from ourvoice.geo.search import SEPARATOR, query_keys


def province_list() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def district_list(*, province_code: str) -> QuerySet[District]:
    """The districts, municipalities and khans of a province.

    Raises ``Province.DoesNotExist`` for an unknown code, so that a caller holding a stale code
    (the gazetteer changes every year) can tell it from a province without districts.
    """
    province = Province.objects.get(code=province_code)
    return District.objects.filter(province=province).order_by("code")


def commune_list(*, district_code: str) -> QuerySet[Commune]:
    """The communes and sangkats of a district; ``District.DoesNotExist`` for an unknown code."""
    district = District.objects.get(code=district_code)
    return Commune.objects.filter(district=district).order_by("code")


class Level(StrEnum):
    # In ranking order: a province called X is more likely meant than a village called X.
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    VILLAGE = "village"


class MatchKind(StrEnum):
    EXACT = "exact"
    PREFIX = "prefix"
    SUBSTRING = "substring"


@dataclass(frozen=True, slots=True)
class PlaceRef:
    code: str
    name_km: str
    name_en: str


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """One hit of ``place_search``, with the units above it (None where the level has none)."""

    level: Level
    code: str
    type: str
    name_km: str
    name_en: str
    match: MatchKind
    province: PlaceRef | None
    district: PlaceRef | None
    commune: PlaceRef | None


_LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}
_MATCH_RANK = {kind: rank for rank, kind in enumerate(MatchKind)}


def _ref(place: Place) -> PlaceRef:
    return PlaceRef(code=place.code, name_km=place.name_km, name_en=place.name_en)


def _match(level: Level, place: Place, kind: MatchKind) -> PlaceMatch:
    province: Province | None = None
    district: District | None = None
    commune: Commune | None = None
    if isinstance(place, Village):
        commune = place.commune
        district = commune.district
        province = district.province
    elif isinstance(place, Commune):
        district = place.district
        province = district.province
    elif isinstance(place, District):
        province = place.province
    return PlaceMatch(
        level=level,
        code=place.code,
        type=getattr(place, "type", level.value),
        name_km=place.name_km,
        name_en=place.name_en,
        match=kind,
        province=_ref(province) if province else None,
        district=_ref(district) if district else None,
        commune=_ref(commune) if commune else None,
    )


def _queryset(
    level: Level,
) -> QuerySet[Province] | QuerySet[District] | QuerySet[Commune] | QuerySet[Village]:
    if level is Level.PROVINCE:
        return Province.objects.all()
    if level is Level.DISTRICT:
        return District.objects.select_related("province")
    if level is Level.COMMUNE:
        return Commune.objects.select_related("district__province")
    return Village.objects.select_related("commune__district__province")


def place_search(*, query: str, limit: int = 20) -> list[PlaceMatch]:
    """Provinces, districts, communes and villages whose name or alias matches ``query``.

    Khmer is compared after normalisation (look-alike spellings, invisible characters), Latin
    without case, accents or spaces, and alternative spellings come from data/aliases.csv
    (see search.py). Ranked: whole-name matches, then names starting with the query (or with a
    word of it), then the rest; within each, provinces before districts, communes and villages.
    Fewer than two characters find nothing.
    """
    keys = query_keys(query)
    if not keys or limit < 1:
        return []
    exact, prefix, anywhere = Q(), Q(), Q()
    for key in keys:
        exact |= Q(search_text__contains=f"{SEPARATOR}{key}{SEPARATOR}")
        prefix |= Q(search_text__contains=f"{SEPARATOR}{key}") | Q(search_text__contains=f" {key}")
        anywhere |= Q(search_text__contains=key)
    rank = Case(
        When(exact, then=Value(_MATCH_RANK[MatchKind.EXACT])),
        When(prefix, then=Value(_MATCH_RANK[MatchKind.PREFIX])),
        default=Value(_MATCH_RANK[MatchKind.SUBSTRING]),
        output_field=IntegerField(),
    )
    kinds = list(MatchKind)
    matches: list[PlaceMatch] = []
    for level in Level:
        # The best `limit` of each level, in the final order, contain the best `limit` overall.
        rows = _queryset(level).filter(anywhere).annotate(rank=rank).order_by("rank", "code")[:limit]
        matches.extend(_match(level, row, kinds[row.rank]) for row in rows)
    matches.sort(key=lambda m: (_MATCH_RANK[m.match], _LEVEL_RANK[m.level], m.code))
    return matches[:limit]
