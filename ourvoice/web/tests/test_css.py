"""The stylesheet: self-hosted Khmer font, Khmer-first stacks, contrast, touch targets."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

CSS_PATH = Path(finders.find("ourvoice/css/site.css") or "")
CSS = CSS_PATH.read_text(encoding="utf-8")


def _rules(selector: str) -> str:
    """The declarations of the first rule whose selector list is exactly ``selector``."""
    match = re.search(r"(?:^|\})\s*" + re.escape(selector) + r"\s*\{([^}]*)\}", CSS, re.M)
    assert match, selector
    return match[1]


def _var(name: str) -> str:
    match = re.search(rf"--{name}:\s*([^;]+);", _rules(":root"))
    assert match, name
    return match[1].strip()


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_font_faces_are_self_hosted_khmer_only_and_swap():
    faces = re.findall(r"@font-face\s*\{([^}]*)\}", CSS)
    assert len(faces) == 2
    weights = set()
    for face in faces:
        assert 'font-family: "Kantumruy Pro"' in face
        assert "font-display: swap" in face
        assert "unicode-range: U+1780-17FF, U+19E0-19FF, U+200B-200D, U+25CC;" in face
        url = re.search(r'url\("([^"]+)"\)\s*format\("woff2"\)', face)
        assert url and not url[1].startswith(("http", "//"))
        assert (CSS_PATH.parent / url[1]).resolve().is_file()
        weights.add(re.search(r"font-weight:\s*(\d+)", face)[1])  # type: ignore[index]
    assert weights == {"400", "700"}


def test_khmer_pages_put_the_khmer_font_first_and_latin_uses_system_fonts():
    khmer_stack = _var("stack-khmer")
    assert khmer_stack.startswith('"Kantumruy Pro"')
    assert _var("latin").startswith("system-ui")
    assert "Kantumruy" not in _var("stack-latin")
    assert "var(--stack-khmer)" in _rules('[lang|="km"]')
    html_km = _rules('html[lang|="km"]')
    line_height = float(re.search(r"line-height:\s*([\d.]+)", html_km)[1])  # type: ignore[index]
    assert 1.6 <= line_height <= 1.8


def test_no_third_party_address_or_import_in_the_stylesheet():
    assert not re.search(r"(?i)https?://|url\(\s*['\"]?//|@import", CSS)


# Text and background pairs the stylesheet uses (WCAG 1.4.3: 4.5:1; 1.4.11 borders: 3:1).
TEXT_PAIRS = [
    ("ink", "paper"),
    ("ink", "surface"),
    ("ink-muted", "footer"),
    ("link", "paper"),
    ("link", "surface"),
    ("link", "footer"),
    ("link-visited", "paper"),
    ("link-visited", "footer"),
    ("on-brand", "brand"),
    ("on-brand-muted", "brand"),
    ("brand", "paper"),
    ("brand", "surface"),
    ("focus-ink", "focus"),
    ("error", "paper"),
    ("error", "surface-error"),
    ("ink", "surface-error"),
    ("ink-muted", "paper"),
    ("ink-muted", "surface"),
]


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_contrast_is_at_least_4_5(text, background):
    assert _contrast(_var(text), _var(background)) >= 4.5


def test_component_borders_and_focus_halo_contrast_at_least_3():
    assert _contrast(_var("border"), _var("paper")) >= 3
    assert _contrast(_var("focus"), _var("brand")) >= 3  # the focus halo on the blue header
    assert _contrast(_var("focus-ink"), _var("paper")) >= 3  # the focus ring on the page
    assert _contrast(_var("error"), _var("paper")) >= 3  # the error bar beside a field
    assert _contrast(_var("success"), _var("surface")) >= 3  # the bar of a confirmation


def test_touch_targets_and_visible_focus():
    assert _var("tap") == "44px"
    for selector in (
        ".skip-link",
        ".brand,\n.brand:visited",
        ".lang-switch__button,\n.lang-switch__button:visited",
        ".button,\n.button:visited",
        ".choice-list__link,\n.choice-list__link:visited",
        ".radio,\n.checkbox",
        ".summary__change",
        ".optional-section summary",
        'input[type="file"]::file-selector-button',
    ):
        assert "min-height: var(--tap)" in _rules(selector)
    assert "min-width: var(--tap)" in _rules(".lang-switch__button,\n.lang-switch__button:visited")
    focus = _rules(":focus-visible")
    assert "outline: 3px solid var(--focus-ink)" in focus
    assert "outline: none" not in CSS and "outline: 0" not in CSS


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_stylesheet_and_font_are_served_locally_and_stay_cacheable():
    """WhiteNoise answers before PrivacyHeadersMiddleware: static files keep their cache headers."""
    client = Client()
    css = client.get("/static/ourvoice/css/site.css")
    assert css.status_code == 200
    body = b"".join(css.streaming_content).decode()  # type: ignore[attr-defined]
    assert "kantumruy-pro-khmer-400-normal.woff2" in body
    font = client.get("/static/ourvoice/fonts/kantumruy-pro-khmer-400-normal.woff2")
    assert font.status_code == 200
    assert font["Content-Type"] == "font/woff2"
    for response in (css, font):
        assert "no-store" not in response.get("Cache-Control", "")
        assert "max-age" in response["Cache-Control"]
