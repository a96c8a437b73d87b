"""Writes to offices: generating the country's offices and their oversight chain from the gazetteer."""

import sys
from dataclasses import dataclass, field

from django.db import transaction
from tqdm import tqdm

from ourvoice.geo.models import Commune, District, Province
from ourvoice.offices.models import Office
from ourvoice.offices.names import office_name

T = Office.Type
# (type, province, district, commune): an office's area, unique per type (see the model).
_Key = tuple[str, str | None, str | None, str | None]
_BATCH_SIZE = 500


@dataclass(frozen=True)
class _Spec:
    key: _Key
    name_km: str
    name_en: str
    oversight: _Key | None


@dataclass
class TypeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class OfficesGenerateResult:
    types: dict[str, TypeCounts] = field(default_factory=dict)


def _spec(
    key: _Key, oversight: _Key | None, unit_type: str = "", name_km: str = "", name_en: str = ""
) -> _Spec:
    name = office_name(office_type=key[0], unit_type=unit_type, name_km=name_km, name_en=name_en)
    return _Spec(key=key, name_km=name.km, name_en=name.en, oversight=oversight)


def _specs_by_step() -> list[list[_Spec]]:
    """Every office the gazetteer calls for, in steps where each step's overseers exist already.

    Oversight follows DOMAIN.md: commune office and OWSO -> District Ombudsman; District
    Ombudsman -> Provincial Ombudsman; OWSU and Provincial Ombudsman -> national oversight.
    """
    national: _Key = (T.NATIONAL_OVERSIGHT, None, None, None)
    provinces = list(Province.objects.values_list("code", "type", "name_km", "name_en"))
    districts = list(District.objects.values_list("code", "province_id", "type", "name_km", "name_en"))
    communes = list(
        Commune.objects.values_list(
            "code", "district_id", "district__province_id", "type", "name_km", "name_en"
        )
    )
    return [
        [_spec(national, None)],
        [
            _spec((office_type, code, None, None), national, kind, km, en)
            for code, kind, km, en in provinces
            for office_type in (T.PROVINCIAL_OMBUDSMAN, T.OWSU)
        ],
        [
            _spec(
                (T.DISTRICT_OMBUDSMAN, prov, code, None),
                (T.PROVINCIAL_OMBUDSMAN, prov, None, None),
                kind,
                km,
                en,
            )
            for code, prov, kind, km, en in districts
        ],
        [
            _spec((T.OWSO, prov, code, None), (T.DISTRICT_OMBUDSMAN, prov, code, None), kind, km, en)
            for code, prov, kind, km, en in districts
        ],
        [
            _spec((T.COMMUNE, prov, dist, code), (T.DISTRICT_OMBUDSMAN, prov, dist, None), kind, km, en)
            for code, dist, prov, kind, km, en in communes
        ],
    ]


def _key(office: Office) -> _Key:
    return (office.type, office.province_id, office.district_id, office.commune_id)


def _sync_step(
    specs: list[_Spec], ids: dict[_Key, int], result: OfficesGenerateResult, progress: bool
) -> None:
    """Create the missing offices of one step and correct names and oversight of the others.

    Only these three fields are written: contact details, opening hours and pilot flags belong to
    administrators and survive every run.
    """
    types = {spec.key[0] for spec in specs}
    existing = {_key(office): office for office in Office.objects.filter(type__in=types)}
    to_create: list[Office] = []
    to_update: list[Office] = []
    for spec in tqdm(specs, desc=", ".join(sorted(types)), disable=not progress, file=sys.stderr):
        counts = result.types.setdefault(spec.key[0], TypeCounts())
        oversight_id = ids[spec.oversight] if spec.oversight else None
        office = existing.get(spec.key)
        if office is None:
            office_type, province_id, district_id, commune_id = spec.key
            to_create.append(
                Office(
                    type=office_type,
                    province_id=province_id,
                    district_id=district_id,
                    commune_id=commune_id,
                    name_km=spec.name_km,
                    name_en=spec.name_en,
                    oversight_id=oversight_id,
                )
            )
            counts.created += 1
        elif (office.name_km, office.name_en, office.oversight_id) != (
            spec.name_km,
            spec.name_en,
            oversight_id,
        ):
            office.name_km, office.name_en, office.oversight_id = spec.name_km, spec.name_en, oversight_id
            to_update.append(office)
            counts.updated += 1
        else:
            counts.unchanged += 1
    Office.objects.bulk_create(to_create, batch_size=_BATCH_SIZE)
    Office.objects.bulk_update(to_update, ["name_km", "name_en", "oversight"], batch_size=_BATCH_SIZE)
    # Read the ids back rather than rely on bulk_create returning them (not every backend does).
    rows = Office.objects.filter(type__in=types).values_list("pk", "type", "province", "district", "commune")
    ids.update({(office_type, prov, dist, comm): pk for pk, office_type, prov, dist, comm in rows})


def offices_generate(*, progress: bool = False) -> OfficesGenerateResult:
    """Create every office of every type for the whole country from the loaded gazetteer.

    Safe to run again: it only creates offices that are missing and corrects generated names and
    oversight links; it never deletes an office (cases and staff point to offices) and never
    touches what administrators edit. Run ``geo_load`` first.
    """
    result = OfficesGenerateResult()
    ids: dict[_Key, int] = {}
    with transaction.atomic():
        for specs in _specs_by_step():
            _sync_step(specs, ids, result, progress)
    return result
