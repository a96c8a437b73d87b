"""Choosing the place in the chat: province → district → commune buttons, or a typed name."""

from django.utils.translation import gettext as _

from ourvoice.channels.telegram.api import Buttons
from ourvoice.channels.telegram.turn import Turn
from ourvoice.geo.models import Commune, District, Province
from ourvoice.geo.selectors import Level, place_search


def _rows(items: list[tuple[str, str]], per_row: int = 2) -> Buttons:
    return [items[i : i + per_row] for i in range(0, len(items), per_row)]


def place_prompt(turn: Turn) -> None:
    """Ask for the next level of the place the draft has reached."""
    draft = turn.draft
    hint = _("Or type the name of your commune, district or province.")
    if draft.get("district"):
        communes = Commune.objects.filter(district_id=draft["district"]).order_by("code")
        buttons = _rows([(turn.name(c.name_km, c.name_en), f"c:{c.code}") for c in communes])
        turn.say(_("Choose your commune or sangkat.") + "\n" + hint, buttons)
    elif draft.get("province"):
        districts = District.objects.filter(province_id=draft["province"]).order_by("code")
        buttons = _rows([(turn.name(d.name_km, d.name_en), f"d:{d.code}") for d in districts])
        turn.say(_("Choose your district, municipality or khan.") + "\n" + hint, buttons)
    else:
        provinces = Province.objects.order_by("code")
        buttons = _rows([(turn.name(p.name_km, p.name_en), f"p:{p.code}") for p in provinces])
        turn.say(_("Where did it happen? Choose your province.") + "\n" + hint, buttons)


def place_search_buttons(turn: Turn, query: str) -> bool:
    """Offer the places matching a typed name as buttons; False when nothing matches."""
    seen: set[str] = set()
    buttons: Buttons = []
    for match in place_search(query=query, limit=12):
        if match.level in (Level.COMMUNE, Level.VILLAGE) and match.commune is None:
            data, label = f"c:{match.code}", turn.name(match.name_km, match.name_en)
            above = match.district
        elif match.level is Level.VILLAGE and match.commune is not None:
            data, label = f"c:{match.commune.code}", turn.name(match.commune.name_km, match.commune.name_en)
            above = match.district
        elif match.level is Level.DISTRICT:
            data, label = f"d:{match.code}", turn.name(match.name_km, match.name_en)
            above = match.province
        else:
            data, label = f"p:{match.code}", turn.name(match.name_km, match.name_en)
            above = None
        if above is not None:
            label = f"{label} ({turn.name(above.name_km, above.name_en)})"
        if data not in seen:
            seen.add(data)
            buttons.append([(label[:60], data)])
    if not buttons:
        return False
    turn.say(_("Which of these places do you mean?"), buttons[:8])
    return True


def place_choose(turn: Turn, data: str) -> bool:
    """Apply a pressed place button; True once a commune is chosen."""
    prefix, _colon, code = data.partition(":")
    draft = turn.draft
    if prefix == "p" and Province.objects.filter(code=code).exists():
        draft.update(province=code, district=None, commune=None)
    elif prefix == "d" and (district := District.objects.filter(code=code).first()):
        draft.update(province=district.province_id, district=code, commune=None)
    elif prefix == "c" and (commune := Commune.objects.select_related("district").filter(code=code).first()):
        draft.update(province=commune.district.province_id, district=commune.district_id, commune=code)
        return True
    return False
