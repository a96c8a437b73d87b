"""Every staff page, for every staff role, on a 360 × 740 phone and a 1366 × 768 desktop, in Khmer
and English (issue 16, "Done when"): no horizontal page scroll, no serious or critical axe
finding, and no English word left on a Khmer page.

The walk follows the staff home's own links (so a page nobody links to is a finding too), plus
the pages reached from them: a case, an office, a filtered inbox, the intake form, finished export
and poster jobs, the admin of a system administrator. One browser, one sign-in per role; each page
is loaded once per language, then re-laid out at the other width; axe runs once per page,
language and width (another role's copy of a page is the same template). On the desk the inbox
must show at least 10 cases above the fold. ``OURVOICE_WALK_REPORT=<file>`` writes every finding
to a file. (Content-Security-Policy violations are tests/e2e/test_csp.py's business.)

"No English on /km/": every text of the page counts (closed <details>, <option>s, button values,
placeholders, labels for screen readers), except what is explicitly not to be translated,
marked with the HTML attribute ``translate="no"`` (usernames, an office's English name, the
brand "Our Voice", the language switcher's "English"), and the short list of codes below.
"""

import os
import re
from pathlib import Path
from typing import Any

import pytest

from ourvoice.accounts.models import Role, User
from ourvoice.analytics.models import ExportJob
from ourvoice.analytics.services import analytics_refresh
from ourvoice.catalogue.models import PosterJob
from ourvoice.feedback.models import Kind
from ourvoice.feedback.services import feedback_submit
from ourvoice.geo.maps import ATTRIBUTION
from ourvoice.geo.models import Commune, District, Province
from ourvoice.messaging.models import ResponseTemplate
from ourvoice.offices.models import Office
from tests.e2e.conftest import AXE, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
# Codes and names, not words: file formats, the QR code, technical acronyms, the spreadsheet
# program, and the data sources credited in the footer (NCDD's gazetteer via the MIT-licensed pumi
# project). Nothing else in Latin letters may stay on /km/.
ALLOWED_LATIN = {"PDF", "CSV", "XLSX", "QR", "IP", "SMS", "API", "Excel", "NCDD", "pumi", "MIT"}
# Kept verbatim in every language: the map's licence credit (ourvoice/geo/maps.py).
VERBATIM = [ATTRIBUTION]

# Every text a reader can meet, hidden or not yet opened, minus `translate="no"` and scripts.
LATIN_WORDS = r"""
(verbatim) => {
  // Not checked: scripts, what is marked not to translate, and the values of text areas (data).
  const skip = "script, style, noscript, template, textarea, [translate=no]";
  const found = [];
  const note = (text, where) => {
    let cleaned = text.replace(/\b[A-Z0-9]{4}-[A-Z0-9]{4}\b/g, " ");  // case references
    for (const phrase of verbatim) cleaned = cleaned.split(phrase).join(" ");
    for (const word of cleaned.match(/[A-Za-z]{2,}/g) || []) {
      found.push([word, where, text.trim().slice(0, 90)]);
    }
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent || parent.closest(skip)) continue;
    note(walker.currentNode.textContent, parent.tagName.toLowerCase());
  }
  const named = "[placeholder], [aria-label], [title], input[type=submit], input[type=button]";
  for (const el of document.querySelectorAll(named)) {
    if (el.closest(skip)) continue;
    for (const name of ["placeholder", "aria-label", "title"]) {
      if (el.hasAttribute(name)) note(el.getAttribute(name), name);
    }
    if (el.matches("input[type=submit], input[type=button]")) note(el.value, "input value");
  }
  note(document.title, "title");
  return found;
}
"""
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""
AXE_RUN = """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
  ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.id + ' ' + JSON.stringify(v.nodes.slice(0, 3).map(n => n.target)))"""
# Inbox rows wholly visible without scrolling (the desk must show at least 10).
ROWS_ABOVE_THE_FOLD = """() => {
  const rows = [...document.querySelectorAll('.case-table tbody tr')];
  return [rows.filter(r => r.getBoundingClientRect().bottom <= window.innerHeight).length, rows.length];
}"""

# The case actions' bar: reply, status, assign and transfer links, on screen, at its bottom edge.
THUMB_BAR = """() => {
  const bar = document.querySelector('.action-bar');
  if (!bar) return false;
  const box = bar.getBoundingClientRect();
  const targets = ['#reply', '#change-status', '#assign', '#transfer']
    .every(t => bar.querySelector(`a[href="${t}"]`) && document.querySelector(t));
  return targets && box.bottom <= window.innerHeight + 1 && box.bottom >= window.innerHeight - 1;
}"""

# The Khmer names of the test area's offices (the shared fixture gives them English ones).
KHMER_OFFICE_NAMES = {
    "national": "ក្រសួងមហាផ្ទៃ",
    "owsu": "អង្គភាពច្រកចេញចូលតែមួយខេត្តសៀមរាប",
    "provincial_ombudsman": "ការិយាល័យប្រជាពលរដ្ឋខេត្តសៀមរាប",
    "district_ombudsman": "ការិយាល័យប្រជាពលរដ្ឋក្រុងសៀមរាប",
    "owso": "ការិយាល័យច្រកចេញចូលតែមួយក្រុងសៀមរាប",
    "commune_office": "សាលាសង្កាត់ស្លក្រាម",
    "other_commune_office": "សាលាសង្កាត់ស្វាយដង្គំ",
}


def _user(role: str, **fields: Any) -> User:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX

    user = User.objects.create(username=f"walk_{role}", role=role, **fields)
    TOTPDevice.objects.create(user=user, name="ទូរស័ព្ទ", key=TOTP_KEY_HEX, confirmed=True)
    return user


def _users(area: Any) -> list[User]:
    return [
        _user(Role.OFFICE_STAFF, office=area.commune_office),
        _user(Role.OFFICE_HEAD, office=area.commune_office),
        _user(Role.OMBUDSMAN, office=area.district_ombudsman),
        _user(Role.PROVINCIAL_ADMIN, province=area.province),
        _user(Role.NATIONAL_OVERSIGHT, office=area.national),
        _user(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True),
    ]


ADMIN_PAGES = (
    "",
    "accounts/",
    "accounts/user/",
    "accounts/user/{user}/change/",
    "cases/caseevent/",
    "cases/deadlinerule/",
    "feedback/category/",
    "offices/office/",
    "offices/office/{office}/change/",
    "geo/commune/",
    "catalogue/service/",
    "catalogue/service/posters/",
    "catalogue/publicanswer/",
    "messaging/responsetemplate/",
    "notifications/notification/",
    "apikeys/apikey/",
    "accounts/authenticatordevice/",
    "accounts/authenticatordevice/add/",
    "accounts/user/add/",
)


def _pages_of(page: Any, base: str, user: User, case_ids: list[int], area: Any) -> list[str]:
    """The staff home, what it links to, and the pages one step further."""
    page.goto(f"{base}/en/staff/")
    links = page.eval_on_selector_all("a[data-link]", "els => els.map(e => e.getAttribute('href'))")
    paths = ["/en/staff/", *links]
    if "/en/staff/cases/" in links:
        paths.append("/en/staff/cases/?status=received&kind=complaint")
        paths += [f"/en/staff/cases/{case_id}/" for case_id in case_ids]
    if "/en/staff/cases/new/" in links:  # the intake form, after its topic step
        paths.append("/en/staff/cases/new/?kind=complaint&category=unofficial-fee")
    paths.append(f"/en/staff/offices/{(user.office or area.commune_office).pk}/")
    # The pages of finished background jobs (an export, posters), reached from their lists.
    paths += [f"/en/staff/analytics/exports/jobs/{job.pk}/" for job in ExportJob.objects.filter(owner=user)]
    paths += [f"/en/staff/posters/jobs/{job.pk}/" for job in PosterJob.objects.filter(owner=user)]
    if user.role == Role.SYSTEM_ADMIN:
        ids = {"user": user.pk, "office": area.commune_office.pk}
        paths += [f"/en/admin/{path.format(**ids)}" for path in ADMIN_PAGES]
    return paths


def _place_words() -> set[str]:
    """The Latin names of the gazetteer's places are proper nouns, shown after the Khmer name."""
    names = [*Province.objects.values_list("name_en", flat=True)]
    names += District.objects.values_list("name_en", flat=True)
    names += Commune.objects.values_list("name_en", flat=True)
    return {word for name in names for word in re.findall(r"[A-Za-z]{2,}", name)}


class Walk:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        self.axe_done: set[tuple[str, str, int]] = set()
        self.allowed = ALLOWED_LATIN | _place_words()
        self.office_names = list(Office.objects.values_list("name_en", flat=True))
        self.usernames = list(User.objects.values_list("username", flat=True))

    def check(self, who: str, url: str, language: str) -> None:
        page = self.page
        widths = (PHONE, DESKTOP) if language == "km" else (DESKTOP, PHONE)
        for viewport in widths:
            page.set_viewport_size(viewport)
            where = f"{who} {url} at {viewport['width']}px"
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                self.problems.append(f"{where}: scrolls sideways by {overflow}px {page.evaluate(WIDEST)}")
            # The same page of another role is the same template: axe once per page, language, width.
            key = (re.sub(r"\d+", "N", url), language, viewport["width"])
            if key not in self.axe_done:
                self.axe_done.add(key)
                self.problems += [f"{where}: axe {finding}" for finding in page.evaluate(AXE_RUN)]
            # The common actions within the thumb's reach: a bar on the screen's bottom edge.
            handles = viewport is PHONE and page.locator("form#reply").count() > 0
            if handles and not page.evaluate(THUMB_BAR):
                self.problems.append(f"{where}: no action bar at the bottom of the screen")
            if viewport is DESKTOP and re.search(r"/staff/cases/(\?|$)", url):
                rows, listed = page.evaluate(ROWS_ABOVE_THE_FOLD)
                if rows < min(10, listed):
                    self.problems.append(f"{where}: {rows} of {listed} cases above the fold, not 10")
        if language == "km":
            # Usernames are names; in the admin, an office's English name is shown in its field.
            verbatim = [*VERBATIM, *self.usernames, *(self.office_names if "/admin/" in url else [])]
            words = [w for w in page.evaluate(LATIN_WORDS, verbatim) if w[0] not in self.allowed]
            if words:
                self.problems.append(f"{who} {url}: English on a Khmer page: {words[:6]}")


def test_every_staff_page_for_every_role_fits_a_phone_and_a_desk_in_khmer_and_english(
    browser, live_server, area, starter_categories, make_input
):
    for name, khmer in KHMER_OFFICE_NAMES.items():
        Office.objects.filter(pk=getattr(area, name).pk).update(name_km=khmer)
    kinds = [*Kind.values, *[Kind.COMPLAINT] * 8]  # 12 cases: more than the 10 a desk must show
    cases = [feedback_submit(data=make_input(kind=kind)).case for kind in kinds]
    ResponseTemplate.objects.create(name="ការទទួលស្គាល់", body_km="យើងបានទទួលរបាយការណ៍របស់អ្នក។")
    analytics_refresh()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="km-KH", has_touch=True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    users = _users(area)
    done = {"status": "done", "progress": 100}
    for user in users:
        if user.role == Role.NATIONAL_OVERSIGHT:
            ExportJob.objects.create(owner=user, format="xlsx", language="km", rows=12, **done)
        if user.role in (Role.OFFICE_HEAD, Role.OMBUDSMAN):
            PosterJob.objects.create(owner=user, offices=[area.commune_office.pk], name="x", pages=1, **done)
    walk = Walk(page)
    for user in users:
        context.clear_cookies()
        sign_in_page(page, base, user)
        for path in _pages_of(page, base, user, [cases[0].pk], area):
            for language in ("km", "en"):
                url = re.sub(r"^/en/", f"/{language}/", path)
                response = page.goto(base + url)
                if response is None or response.status != 200:
                    walk.problems.append(f"{user.role} {url}: answered {response and response.status}")
                    continue
                walk.check(user.role, url, language)
    context.close()
    if os.environ.get("OURVOICE_WALK_REPORT"):
        Path(os.environ["OURVOICE_WALK_REPORT"]).write_text("\n".join(walk.problems))
    assert walk.problems == [], "\n".join(walk.problems)
