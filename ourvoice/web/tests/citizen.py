"""A citizen with a browser, for page tests: follows links and submits forms as they appear.

Everything it requests and every redirect it is sent to is recorded, so that a test can check
that a receipt never appears in an address (SECURITY.md A2).
"""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.test import Client

from ourvoice.web.tests.pagetools import Element, find_all, parse


@dataclass
class Page:
    url: str
    status: int
    html: str
    elements: list[Element]

    def links(self) -> list[str]:
        return [a.attrs["href"] for a in find_all(self.elements, "a") if "href" in a.attrs]

    def link_to(self, prefix: str) -> str:
        found = [href for href in self.links() if href.startswith(prefix)]
        assert found, f"no link to {prefix} on {self.url}"
        return found[0]

    def form(self, **attrs: str) -> Element:
        forms = find_all(self.elements, "form", **attrs)
        assert forms, f"no form {attrs} on {self.url}"
        return forms[0]

    @classmethod
    def of(cls, url: str, response: Any) -> "Page":
        html = response.content.decode()
        return cls(url, response.status_code, html, parse(html))

    def text(self) -> str:
        return " ".join(find_all(self.elements, "main")[0].clean_text.split())


def _descendants(element: Element) -> list[Element]:
    found = []
    for child in element.children:
        found.append(child)
        found.extend(_descendants(child))
    return found


def form_values(form: Element) -> dict[str, Any]:
    """What a browser would send for ``form`` as it stands: hidden and typed values, checked boxes."""
    values: dict[str, Any] = {}
    for element in _descendants(form):
        name = element.attrs.get("name")
        if not name:
            continue
        kind = element.attrs.get("type", "text")
        if element.tag == "input" and kind in ("radio", "checkbox"):
            if "checked" in element.attrs:
                values[name] = element.attrs.get("value", "on")
        elif element.tag == "input" and kind not in ("submit", "button", "file"):
            values[name] = element.attrs.get("value", "")
        elif element.tag == "textarea":
            values[name] = element.text.removeprefix("\n")
        elif element.tag == "select":
            options = [e for e in _descendants(element) if e.tag == "option"]
            chosen = [e for e in options if "selected" in e.attrs] or options[:1]
            if chosen:
                values[name] = chosen[0].attrs.get("value", chosen[0].clean_text)
    return values


@dataclass
class Citizen:
    client: Client = field(default_factory=Client)
    addresses: list[str] = field(default_factory=list)

    def _record(self, url: str, response: Any) -> None:
        self.addresses.append(url)
        if response.has_header("Location"):
            self.addresses.append(response["Location"])

    def get(self, url: str, data: dict[str, Any] | None = None, **extra: Any) -> Page:
        if data:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(data, doseq=True)}"
        response = self.client.get(url, **extra)
        self._record(url, response)
        return Page.of(url, response)

    def follow(self, url: str, data: dict[str, Any] | None = None) -> Page:
        """GET, then follow redirects as a browser does."""
        page = self.get(url, data)
        for _hop in range(5):
            response_location = self.addresses[-1] if page.status in (301, 302, 303) else None
            if response_location is None:
                return page
            page = self.get(response_location)
        raise AssertionError("too many redirects")

    def submit_get(self, page: Page, form: Element, **choices: str) -> Page:
        """A GET form: its values plus ``choices``, sent to its action, redirects followed."""
        values = {**form_values(form), **choices}
        action = form.attrs.get("action") or urlsplit(page.url).path
        return self.follow(action, values)

    def post(self, url: str, data: dict[str, Any], **extra: Any) -> Any:
        response = self.client.post(url, data, **extra)
        self._record(url, response)
        return response


def form_url(area: Any, kind: str, category: str, lang: str = "km", office: Any = None) -> str:
    """The address of a report form, as the topic step leads to it."""
    office = office or area.commune_office
    return f"/{lang}/submit/{kind}/form/?commune={area.commune.code}&office={office.pk}&category={category}"


def open_form(citizen: Citizen, *, lang: str, kind: str, area: Any, office: Any, category: str) -> Page:
    """From the home page to the form, by links and GET forms only: province, district, commune,
    office, topic."""
    home = citizen.get(f"/{lang}/")
    where = citizen.get(home.link_to(f"/{lang}/submit/{kind}/"))
    assert where.status == 200
    districts = citizen.get(where.link_to(f"/{lang}/submit/{kind}/province/{area.province.code}/"))
    communes = citizen.get(districts.link_to(f"/{lang}/submit/{kind}/district/{area.district.code}/"))
    offices = citizen.get(communes.link_to(f"/{lang}/submit/{kind}/commune/{area.commune.code}/"))
    assert offices.status == 200
    topics = citizen.submit_get(offices, offices.form(method="get"), office=str(office.pk))
    assert topics.status == 200, topics.html
    form_page = citizen.submit_get(topics, topics.form(method="get"), category=category)
    assert form_page.status == 200, form_page.html
    return form_page


def send_form(citizen: Citizen, page: Page, files: Any = None, **fields: Any) -> Any:
    """POST the report form with what the citizen typed (and chose files).

    A complaint form that asks whether it is about the office is answered "no" unless the test
    gives ``about_office`` (``about_office=""`` leaves it unanswered)."""
    form = page.form(id="feedback-form")
    asks = any(e.attrs.get("name") == "about_office" for e in _descendants(form))
    data = {**({"about_office": "no"} if asks else {}), **form_values(form), **fields}
    data = {key: value for key, value in data.items() if not (key == "about_office" and value == "")}
    if files is not None:
        data["attachments"] = files
    return citizen.post(form.attrs["action"], data)
