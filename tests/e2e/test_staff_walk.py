"""Every staff page, for every staff role, on a 360 × 740 phone and a 1366 × 768 desktop, in Khmer
and English (issue 16, "Done when"): no horizontal page scroll, no serious or critical axe
finding, and no English word left on a Khmer page.

The walk follows the staff home's own links (so a page nobody links to is a finding too), plus
the pages reached from them: a case, an office, the inbox tabs, the admin of a system
administrator. One browser, one sign-in per role; each page is loaded once per language, then
re-laid out at the other width.

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
from ourvoice.analytics.services import analytics_refresh
from ourvoice.feedback.models import Kind
from ourvoice.feedback.services import feedback_submit
from ourvoice.messaging.models import ResponseTemplate
from tests.e2e.conftest import AXE, CHROMIUM_ARGS, REPORT_CSP_VIOLATIONS, sign_in_page, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
# Codes, not words: file formats and the QR code. Nothing else in Latin letters may stay on /km/.
ALLOWED_LATIN = {"PDF", "CSV", "XLSX", "QR"}

# Every text a reader can meet, hidden or not yet opened, minus `translate="no"` and scripts.
LATIN_WORDS = r"""
() => {
  const skip = "script, style, noscript, template, [translate=no]";
  const found = [];
  const note = (text, where) => {
    const cleaned = text.replace(/\b[A-Z0-9]{4}-[A-Z0-9]{4}\b/g, " ");  // case references
    for (const word of cleaned.match(/[A-Za-z]{2,}/g) || []) found.push([word, where, text.trim().slice(0, 90)]);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!parent || parent.closest(skip)) continue;
    note(walker.currentNode.textContent, parent.tagName.toLowerCase());
  }
  for (const el of document.querySelectorAll("[placeholder], [aria-label], [title], input[type=submit], input[type=button]")) {
    if (el.closest(skip)) continue;
    for (const name of ["placeholder", "aria-label", "title"]) if (el.hasAttribute(name)) note(el.getAttribute(name), name);
    if (el.matches("input[type=submit], input[type=button]")) note(el.value, "input value");
  }
  note(document.title, "title");
  return found;
}
"""
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"


def _user(role: str, **fields: Any) -> User:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ourvoice.accounts.tests.conftest import TOTP_KEY_HEX

    user = User.objects.create(username=f"walk_{role}", role=role, **fields)
    TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY_HEX, confirmed=True)
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
    "cases/case/",
    "feedback/feedback/",
    "feedback/category/",
    "offices/office/",
    "accounts/user/",
    "catalogue/service/",
    "catalogue/service/posters/",
    "messaging/responsetemplate/",
    "cases/deadlinerule/",
)


def _pages_of(page: Any, base: str, user: User, case_ids: list[int], area: Any) -> list[str]:
    """The staff home, what it links to, and the pages one step further."""
    page.goto(f"{base}/en/staff/")
    links = page.eval_on_selector_all("a[data-link]", "els => els.map(e => e.getAttribute('href'))")
    paths = ["/en/staff/", *links]
    if any("/staff/cases/" == link.removeprefix("/en") for link in links):
        paths += ["/en/staff/cases/?tab=overdue", "/en/staff/cases/?tab=closed"]
        paths += [f"/en/staff/cases/{case_id}/" for case_id in case_ids]
    paths.append(f"/en/staff/offices/{(user.office or area.commune_office).pk}/")
    if user.role == Role.SYSTEM_ADMIN:
        paths += [f"/en/admin/{path}" for path in ADMIN_PAGES]
        paths.append(f"/en/admin/offices/office/{area.commune_office.pk}/change/")
    return [path for path in paths if "/admin/" in path or "/staff/" in path]


def _check(page: Any, url: str, language: str, problems: list[str]) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        where = f"{url} at {viewport['width']}px"
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            wide = page.evaluate(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
                " > window.innerWidth + 1).slice(-3).map(e => e.tagName + '.' + e.className)"
            )
            problems.append(f"{where}: scrolls sideways by {overflow}px ({wide})")
        page.evaluate(AXE.read_text()) if not page.evaluate("typeof axe !== 'undefined'") else None
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})"
        )
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{where}: axe {violation['id']} {targets}")
    if language == "km":
        words = [w for w in page.evaluate(LATIN_WORDS) if w[0] not in ALLOWED_LATIN]
        if words:
            problems.append(f"{url}: English on a Khmer page: {words[:8]}")


def test_every_staff_page_for_every_role_fits_a_phone_and_a_desk_in_khmer_and_english(
    browser, live_server, area, starter_categories, make_input
):
    cases = [feedback_submit(data=make_input(kind=kind)).case for kind in Kind.values]
    ResponseTemplate.objects.create(name="ការទទួលស្គាល់", body_km="យើងបានទទួលរបាយការណ៍របស់អ្នក។")
    analytics_refresh()
    base = live_server.url
    problems: list[str] = []
    for user in _users(area):
        context = browser.new_context(viewport=PHONE, locale="km-KH", has_touch=True)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        page = context.new_page()
        watch_csp(page)
        sign_in_page(page, base, user)
        for path in _pages_of(page, base, user, [case.pk for case in cases], area):
            for language in ("km", "en"):
                url = re.sub(r"^/en/", f"/{language}/", path)
                response = page.goto(base + url)
                if response is None or response.status != 200:
                    problems.append(f"{user.role} {url}: answered {response and response.status}")
                    continue
                _check(page, f"{user.role} {url}", language, problems)
        problems += [f"{user.role}: {violation}" for violation in page.csp_violations]  # type: ignore[attr-defined]
        context.close()
    if os.environ.get("OURVOICE_WALK_REPORT"):
        Path(os.environ["OURVOICE_WALK_REPORT"]).write_text("\n".join(problems))
    assert problems == [], "\n".join(problems)
