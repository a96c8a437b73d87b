"""The rows of synthetic reports: who writes, where, when, about what, and what happened next.

``World`` reads the small tables once (categories, deadline rules, places and offices) and
precomputes everything a row needs; ``World.batch`` then makes the rows of many reports in plain
Python, as tuples in the column order of ``FEEDBACK_COLUMNS`` etc. (the loader in
``synthetic.py`` writes them with COPY or bulk_create). Shares are the pilot's impressions of
real use, not measurements: see the constants below.
"""

import bisect
import datetime
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import gettext

from ourvoice.cases.deadlines import rule_working_days
from ourvoice.cases.models import CaseEvent, DeadlineRule, Status
from ourvoice.cases.search import feedback_search_values
from ourvoice.cases.workdays import add_working_days
from ourvoice.catalogue.models import Service
from ourvoice.catalogue.selectors import service_key, service_keys
from ourvoice.demo.synthetic_text import (
    ANSWERS_EN,
    ANSWERS_KM,
    FEE_SERVICES,
    QUESTIONS_EN,
    QUESTIONS_KM,
    REPLIES_EN,
    REPLIES_KM,
    descriptions,
)
from ourvoice.feedback.models import SCORECARD_INDICATORS, Category, Feedback, Kind
from ourvoice.geo.models import Commune
from ourvoice.offices.models import Office

T, E, S = Office.Type, CaseEvent.Type, Status
DAY = 86_400.0
LOCAL_OFFSET = 7 * 3600  # Asia/Phnom_Penh is UTC+7 all year (no daylight saving time)

KIND_WEIGHTS = {Kind.COMPLAINT: 45, Kind.INFORMATION: 20, Kind.SUPPORT: 15, Kind.EVALUATION: 20}
# Sensitive categories are rare; the rest of a kind share its weight equally.
SENSITIVE_WEIGHT = 0.08
CHANNEL_WEIGHTS = {
    "web": 30, "telegram": 28, "api": 8, "sms": 5, "paper": 9, "mailbox": 3, "phone": 6, "meeting": 3,
    "counter": 8,
}  # fmt: skip
GENDER_WEIGHTS = {"not_said": 34, "female": 35, "male": 29, "other": 2}
AGE_WEIGHTS = {
    "not_said": 30,
    "under_18": 2,
    "18_24": 14,
    "25_34": 21,
    "35_49": 18,
    "50_64": 10,
    "65_plus": 5,
}
DISABILITY_WEIGHTS = {"not_said": 42, "no": 52, "yes": 6}
# Which office a citizen of a commune addresses (offices_serving_commune, nearest first).
OFFICE_CHOICE = ((T.COMMUNE, 0.62), (T.OWSO, 0.2), (T.DISTRICT_OMBUDSMAN, 0.07), (T.OWSU, 0.07))
# Seasons (month -> weight): fewer reports around Khmer New Year (April) and Pchum Ben (Sep/Oct).
MONTH_WEIGHTS = {
    1: 1.1,
    2: 1.1,
    3: 1.1,
    4: 0.6,
    5: 1.0,
    6: 1.0,
    7: 1.0,
    8: 1.0,
    9: 0.85,
    10: 0.8,
    11: 1.0,
    12: 0.9,
}
WEEKDAY_WEIGHTS = (1.15, 1.1, 1.05, 1.0, 0.95, 0.35, 0.2)  # Monday first
HOUR_WEIGHTS = {
    h: w for h, w in zip(range(6, 23), (1, 3, 6, 7, 7, 5, 3, 5, 6, 5, 4, 2, 2, 3, 3, 2, 1), strict=True)
}
FEE_SHARE, RATED_SHARE, REJECTED_SHARE, STUCK_SHARE, WAITING_SHARE = 0.7, 0.35, 0.04, 0.03, 0.08
RESOLVE_MEDIAN_DAYS = {Kind.INFORMATION: 3.0, Kind.SUPPORT: 7.0, Kind.COMPLAINT: 10.0, Kind.EVALUATION: 2.0}
SCORES = (1, 2, 3, 4, 5)
RATING_WEIGHTS = (10, 9, 16, 30, 35)
REJECT_REASON = "សំណើនេះមិនស្ថិតក្នុងសមត្ថកិច្ចរបស់ការិយាល័យនេះទេ។"  # not this office's remit
ESCALATE_REASON = "The deadline passed without an answer."

FEEDBACK_COLUMNS = (
    "id", "locator", "public_id", "reference", "secret_hash", "idempotency_hash", "kind", "category_id",
    "channel", "office_id", "province_id", "district_id", "commune_id", "description", "visit_date",
    "answers", "service_id", "service_name", "official_fee", "amount_paid", "receipt_given", "overcharge",
    "scores",
    "gender", "age_band", "disability", "contact_consent", "publication_consent", "contact_ciphertext",
    "is_sensitive", "submitted_at", "search_text", "search_seg",
)  # fmt: skip
CASE_COLUMNS = (
    "id", "feedback_id", "office_id", "hidden_from_id", "status", "assignee_id", "level", "is_sensitive",
    "created_at", "updated_at", "acknowledge_due", "resolve_due",
)  # fmt: skip
EVENT_COLUMNS = (
    "case_id",
    "type",
    "at",
    "actor_id",
    "from_status",
    "to_status",
    "office_id",
    "reason",
    "public",
)
RATING_COLUMNS = ("case_id", "office_id", "level", "score", "rated_at")
MESSAGE_COLUMNS = ("case_id", "sender", "author_id", "body", "created_at")
# The dialogue (messaging): the office's answer when it resolves, its question when it waits for
# the citizen, the citizen's answer; four in five in Khmer, as the reports.
DIALOGUE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    E.MESSAGE_FROM_OFFICE: (REPLIES_KM * 4 + REPLIES_EN, QUESTIONS_KM * 4 + QUESTIONS_EN),
    E.MESSAGE_FROM_CITIZEN: (ANSWERS_KM * 4 + ANSWERS_EN, ANSWERS_KM * 4 + ANSWERS_EN),
}


@dataclass(frozen=True)
class Text:
    description: str
    service_name: str  # "another service" only; a catalogue service is ``service_id``
    official_fee: int | None
    search_text: str
    search_seg: str
    service_id: int | None = None


@dataclass(frozen=True)
class Cat:
    id: int
    kind: str
    asks_fee: bool
    about_office: bool
    is_sensitive: bool
    texts: tuple[Text, ...]
    fee_texts: tuple[Text, ...]


@dataclass
class Rows:
    feedback: list[tuple[object, ...]] = field(default_factory=list)
    cases: list[tuple[object, ...]] = field(default_factory=list)
    events: list[tuple[object, ...]] = field(default_factory=list)
    ratings: list[tuple[object, ...]] = field(default_factory=list)
    messages: list[tuple[object, ...]] = field(default_factory=list)


def _text(
    description: str, service: str = "", fee: int | None = None, catalogue: Service | None = None
) -> Text:
    report = Feedback(description=description, service_name=service, service=catalogue, answers={})
    text, seg = feedback_search_values(report)
    return Text(description, service, fee, text, seg, catalogue.pk if catalogue else None)


def _fee_services() -> list[tuple[str, Service | None, int]]:
    """The fee services of the sentences as the web form and the channels store them: a name the
    catalogue knows is that service (with its published fee, if any), any other is "another
    service" with its text (catalogue/selectors.py)."""
    keys = service_keys()
    services = Service.objects.in_bulk()
    chosen: list[tuple[str, Service | None, int]] = []
    for name, fee in FEE_SERVICES:
        service = services.get(keys.get(service_key(name), 0))
        if service is None:
            chosen.append((name, None, fee))
        else:
            published = service.official_fee_riel
            chosen.append(("", service, published if published is not None else fee))
    return chosen


def _category(category: Category) -> Cat:
    texts = tuple(_text(d) for d in descriptions(category.code))
    fee_texts: tuple[Text, ...] = ()
    if category.asks_fee:  # search keys once per (description, service): the service is searchable too
        fee_texts = tuple(
            _text(t.description, name, fee, service)
            for t in texts[::2]
            for name, service, fee in _fee_services()
        )
    return Cat(
        category.pk,
        category.kind,
        category.asks_fee,
        category.about_office,
        category.is_sensitive,
        texts,
        fee_texts,
    )


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _scores_pool(rng: random.Random, quality: float, n: int = 300) -> list[str]:
    """Scorecards of an office of ``quality`` (1-5): indicators near it, each its own spread."""
    pool = []
    for _ in range(n):
        mood = rng.gauss(quality, 0.8)
        pool.append(
            json.dumps({k: min(5, max(1, round(rng.gauss(mood, 0.7)))) for k in SCORECARD_INDICATORS})
        )
    return pool


class World:
    """What every synthetic row draws from, read once from the database."""

    def __init__(
        self, *, records: int, months: int, now: datetime.datetime, rng: random.Random, secret_hash: str
    ) -> None:
        self.rng, self.secret_hash, self.now = rng, secret_hash, now.timestamp()
        cats = [_category(c) for c in Category.objects.filter(is_active=True).order_by("id")]
        if not cats:
            raise ValueError(
                "No active feedback categories: run `manage.py migrate` (feedback 0002 seeds them)."
            )
        per_kind = {k: sum(1 for c in cats if c.kind == k and not c.is_sensitive) for k in KIND_WEIGHTS}
        self.cats = cats
        self.cat_cum = _cumulative(
            [
                KIND_WEIGHTS[Kind(c.kind)]
                * (SENSITIVE_WEIGHT if c.is_sensitive else 1)
                / max(1, per_kind[Kind(c.kind)])
                for c in cats
            ]
        )
        self.offices = {
            o.pk: o
            for o in Office.objects.only(
                "id", "type", "province_id", "district_id", "commune_id", "oversight_id"
            )
        }
        national = [o.pk for o in self.offices.values() if o.type == T.NATIONAL_OVERSIGHT]
        self.national = national[0] if national else None
        by_area: dict[tuple[str, str | None], int] = {}
        for o in self.offices.values():
            by_area[(o.type, o.commune_id or o.district_id or o.province_id)] = o.pk
        self.by_area = by_area
        self.places = []
        weights = []
        for code, district, province, ctype in Commune.objects.values_list(
            "code", "district_id", "district__province_id", "type"
        ):
            commune_office = by_area.get((T.COMMUNE, code))
            if commune_office is None:
                continue
            self.places.append((code, district, province, commune_office))
            weights.append(3 if ctype == "sangkat" else 1)  # towns write more than villages
        if not self.places:
            raise ValueError(
                "No commune offices: run `manage.py geo_load` and `manage.py offices_generate` first."
            )
        pilot_ids = set(Office.objects.filter(is_pilot=True).values_list("id", flat=True))
        # The pilot offices, where the platform is known best, receive more.
        weights = [w * (5 if p[3] in pilot_ids else 1) for w, p in zip(weights, self.places, strict=True)]
        self.place_cum = _cumulative(weights)
        self.days, day_weights = [], []
        today = datetime.datetime.fromtimestamp(self.now + LOCAL_OFFSET, datetime.UTC).date()
        span = max(1, round(months * 30.44))
        for back in range(span - 1, -1, -1):  # oldest first
            day = today - datetime.timedelta(days=back)
            growth = 0.5 + (span - back) / span  # use grows as the platform becomes known
            self.days.append(day)
            day_weights.append(growth * MONTH_WEIGHTS[day.month] * WEEKDAY_WEIGHTS[day.weekday()])
        self.day_cum = _cumulative(day_weights)
        self.total, self.made = max(1, records), 0
        self.hours, self.hour_cum = list(HOUR_WEIGHTS), _cumulative(list(HOUR_WEIGHTS.values()))
        self.pick: dict[str, tuple[list[str], list[float]]] = {
            name: (list(w), _cumulative(list(w.values())))
            for name, w in (
                ("channel", CHANNEL_WEIGHTS),
                ("gender", GENDER_WEIGHTS),
                ("age", AGE_WEIGHTS),
                ("disability", DISABILITY_WEIGHTS),
            )
        }
        quality_pools = [_scores_pool(rng, q) for q in (2.2, 3.0, 3.6, 4.1, 4.5)]
        self.scores = {pk: quality_pools[pk % len(quality_pools)] for pk in self.offices}
        self.rules: dict[tuple[str, int, str], int | None] = {
            (kind, level, step): rule_working_days(kind=kind, level=level, step=step)
            for kind in KIND_WEIGHTS for level in range(3) for step in DeadlineRule.Step
        }  # fmt: skip

    # -- places and routing (routing.py, offices_serving_commune) --
    def _office_for(self, commune: str, district: str, province: str, commune_office: int) -> int:
        r = self.rng.random()
        for office_type, share in OFFICE_CHOICE:
            if r < share:
                area = (
                    commune
                    if office_type == T.COMMUNE
                    else district
                    if office_type in (T.OWSO, T.DISTRICT_OMBUDSMAN)
                    else province
                )
                return self.by_area.get((office_type, area), commune_office)
            r -= share
        return self.by_area.get((T.PROVINCIAL_OMBUDSMAN, province), commune_office)

    def _route(self, cat: Cat, office: int) -> tuple[int, int | None]:
        if cat.kind != Kind.COMPLAINT or not (cat.is_sensitive or cat.about_office):
            return office, None
        if cat.is_sensitive:
            provincial = self.by_area.get((T.PROVINCIAL_OMBUDSMAN, self.offices[office].province_id))
            handler = provincial if provincial not in (None, office) else self.national
        else:
            handler = self.offices[office].oversight_id or self.national
        handler = handler or office
        return handler, (office if handler != office else None)

    @cache  # noqa: B019 (one World per run)
    def _due(self, day: datetime.date, kind: str, level: int, step: str) -> datetime.date | None:
        # Real Cambodian working days (holidays included), memoised per (day, rule): a few
        # thousand distinct calls for millions of cases.
        days = self.rules[(kind, min(level, 2), step)]
        return add_working_days(day, days) if days is not None else None

    def _local_day(self, ts: float) -> datetime.date:
        return datetime.date.fromordinal(int((ts + LOCAL_OFFSET) // DAY) + 719163)  # 719163: 1970-01-01

    # -- the handling of a case at one office --
    def _handle(
        self,
        kind: str,
        start: float,
        add: Callable[..., None],
        status: str,
        talk: Callable[[str, float, int], None],
    ) -> tuple[str, float, bool]:
        """Status events (and the messages that go with them: the office's answer as it resolves,
        its question as it waits and the citizen's answer) at one office from ``start`` up to now;
        (status, last time, stuck)."""
        rng, now = self.rng, self.now
        at = start

        def step(when: float, to: str, reason: str = "") -> bool:
            nonlocal status, at
            if when > now:
                return False
            if to in (S.RESOLVED, S.WAITING) and kind != Kind.EVALUATION:
                talk(E.MESSAGE_FROM_OFFICE, when - 30, 0 if to == S.RESOLVED else 1)
            elif to == S.IN_PROGRESS and status == S.WAITING:
                talk(E.MESSAGE_FROM_CITIZEN, when - 30, 0)
            add(E.STATUS, when, status, to, None, reason)
            status, at = to, when
            return True

        ack = start + DAY * rng.expovariate(0.7)
        if kind == Kind.EVALUATION:  # a scorecard owes no answer: read, noted, closed
            (step(ack, S.ACKNOWLEDGED) and step(ack + DAY * rng.uniform(0.5, 4), S.RESOLVED)
             and step(ack + DAY * rng.uniform(5, 9), S.CLOSED))  # fmt: skip
            return status, at, False
        if rng.random() < REJECTED_SHARE:
            step(ack, S.REJECTED, REJECT_REASON)
            return status, at, False
        stuck = rng.random() < STUCK_SHARE
        if not step(ack, S.ACKNOWLEDGED):
            return status, at, stuck
        resolve = ack + DAY * min(200.0, rng.lognormvariate(0, 0.8) * RESOLVE_MEDIAN_DAYS[Kind(kind)])
        if kind != Kind.INFORMATION or rng.random() < 0.4:
            work = ack + (resolve - ack) * rng.uniform(0.05, 0.4)
            if not step(work, S.IN_PROGRESS) or stuck:
                return status, at, stuck
            if rng.random() < WAITING_SHARE:
                waited = DAY * rng.uniform(1, 8)
                wait = work + (resolve - work) * 0.5
                if not (step(wait, S.WAITING) and step(wait + waited, S.IN_PROGRESS)):
                    return status, at, stuck
                resolve += waited
        if stuck:
            return status, at, stuck
        step(resolve, S.RESOLVED) and step(resolve + DAY * rng.uniform(3, 10), S.CLOSED)
        return status, at, False

    def _days(self, count: int) -> list[datetime.date]:
        """The days of the next ``count`` reports, in order: as in a real database, ids grow with
        time, and the whole run follows the spread of ``day_cum`` (each batch is its slice of it)."""
        total, start = self.day_cum[-1], self.made / self.total
        width = count / self.total
        self.made += count
        positions = sorted(start + self.rng.random() * width for _ in range(count))
        last = len(self.days) - 1
        return [self.days[min(last, bisect.bisect_left(self.day_cum, p * total))] for p in positions]

    def batch(
        self, *, feedback_ids: list[int], case_ids: list[int], code: Callable[[int], tuple[str, str, str]]
    ) -> Rows:
        """Rows of one report per id of ``feedback_ids`` (its case gets the same place in ``case_ids``);
        ``code(feedback_id)`` gives its (locator, public_id, reference)."""
        rng, rows, count = self.rng, Rows(), len(feedback_ids)
        choices = rng.choices
        cats = choices(self.cats, cum_weights=self.cat_cum, k=count)
        places = choices(self.places, cum_weights=self.place_cum, k=count)
        days = self._days(count)
        hours = choices(self.hours, cum_weights=self.hour_cum, k=count)
        utc = datetime.UTC
        stamps = sorted(  # in order, so that ids grow with time
            min(
                datetime.datetime(d.year, d.month, d.day, tzinfo=utc).timestamp()
                - LOCAL_OFFSET
                + h * 3600
                + rng.random() * 3600,
                self.now - rng.random() * 600,
            )
            for d, h in zip(days, hours, strict=True)
        )
        picks = {name: choices(values, cum_weights=cum, k=count) for name, (values, cum) in self.pick.items()}
        for i in range(count):
            fid, cid, cat = feedback_ids[i], case_ids[i], cats[i]
            commune, district, province, commune_office = places[i]
            office = self._office_for(commune, district, province, commune_office)
            area = self.offices[office]
            ts = stamps[i]
            day = self._local_day(ts)
            submitted = datetime.datetime.fromtimestamp(ts, utc)
            fee = cat.asks_fee and rng.random() < FEE_SHARE
            text = rng.choice(cat.fee_texts if fee else cat.texts)
            paid = overcharge = receipt = None
            if fee and text.official_fee is not None:
                over = rng.random() < (0.8 if cat.kind == Kind.COMPLAINT else 0.15)
                extra = rng.choice((2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 400_000)) if over else 0
                paid, overcharge, receipt = text.official_fee + extra, extra, not over and rng.random() < 0.8
            evaluation = cat.kind == Kind.EVALUATION
            locator, public_id, reference = code(fid)
            rows.feedback.append((
                fid, locator, public_id, reference, self.secret_hash, None, cat.kind, cat.id,
                picks["channel"][i], office, area.province_id or province, area.district_id or district,
                commune, text.description,
                day - datetime.timedelta(days=rng.randrange(4)) if evaluation else None, "{}",
                text.service_id if fee else None, text.service_name if fee else "",
                text.official_fee if fee else None, paid, receipt, overcharge,
                rng.choice(self.scores[office]) if evaluation else "{}", picks["gender"][i], picks["age"][i],
                picks["disability"][i], False, False, None, cat.is_sensitive, submitted,
                text.search_text, text.search_seg,
            ))  # fmt: skip
            self._case(rows, cid, fid, cat, office, ts, submitted)
        return rows

    def _case(
        self, rows: Rows, cid: int, fid: int, cat: Cat, office: int, ts: float, submitted: datetime.datetime
    ) -> None:
        events, rng, utc = rows.events, self.rng, datetime.UTC

        def add(
            type_: str, at: float, from_status: str, to_status: str, at_office: int | None, reason: str
        ) -> None:
            events.append(
                (
                    cid,
                    type_,
                    datetime.datetime.fromtimestamp(at, utc),
                    None,
                    from_status,
                    to_status,
                    at_office,
                    reason,
                    True,
                )
            )

        def talk(type_: str, at: float, question: int) -> None:
            add(type_, at, "", "", None, "")
            sender = "office" if type_ == E.MESSAGE_FROM_OFFICE else "citizen"
            body = rng.choice(DIALOGUE[type_][question])
            rows.messages.append((cid, sender, None, body, datetime.datetime.fromtimestamp(at, utc)))

        handler, hidden = self._route(cat, office)
        add(E.SUBMITTED, ts, "", S.RECEIVED, None, "")
        add(E.ROUTED, ts + 0.5, "", "", handler, "")
        level, arrived = 0, ts
        status, last, stuck = self._handle(cat.kind, ts, add, S.RECEIVED, talk)
        oversight = self.offices[handler].oversight_id
        if stuck and oversight and cat.kind != Kind.EVALUATION:
            due = self._due(self._local_day(ts), cat.kind, 0, DeadlineRule.Step.RESOLVE)
            if due is not None:  # the escalation task moves it up the morning after the deadline
                when = datetime.datetime(due.year, due.month, due.day, 2, tzinfo=utc).timestamp() + 3 * DAY
                if when < self.now and rng.random() < 0.7:
                    add(E.ESCALATED, when, status, S.RECEIVED, oversight, ESCALATE_REASON)
                    handler, level, arrived = oversight, 1, when
                    status, last, _stuck = self._handle(cat.kind, when, add, S.RECEIVED, talk)
        elif status == S.CLOSED and rng.random() < RATED_SHARE:
            rated = last + rng.uniform(600, 3 * DAY)
            if rated < self.now:
                score = rng.choices(SCORES, RATING_WEIGHTS)[0]
                rows.ratings.append((cid, handler, 0, score, datetime.datetime.fromtimestamp(rated, utc)))
                add(E.RATED, rated, "", "", None, "")
                last = rated
                if score <= 2 and oversight and rng.random() < 0.6:  # case_rate opens the appeal
                    reason = gettext("The citizen was not satisfied with the outcome.")
                    add(E.APPEALED, rated + 1, S.CLOSED, S.RECEIVED, oversight, reason)
                    handler, level, arrived = oversight, 1, rated + 1
                    status, last, _stuck = self._handle(cat.kind, arrived, add, S.RECEIVED, talk)
        day = self._local_day(arrived)
        acknowledge = (
            self._due(day, cat.kind, level, DeadlineRule.Step.ACKNOWLEDGE) if status == S.RECEIVED else None
        )
        resolve = self._due(day, cat.kind, level, DeadlineRule.Step.RESOLVE)
        rows.cases.append((
            cid, fid, handler, hidden, status, None, level, cat.is_sensitive, submitted,
            datetime.datetime.fromtimestamp(max(last, ts + 0.5), utc), acknowledge, resolve,
        ))  # fmt: skip
