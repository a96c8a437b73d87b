"""The app with no connection (issue 17 point 6), on a fresh installation with the whole country.

1. The offline data (places, offices, topics) of each language, compressed as the server sends it:
   target ≤ 150 KB.
2. The first load of the complaint form in Chromium, counting only what is requested before the
   page's ``load`` event (target ≤ 100 KB compressed), and checking that the offline data is
   requested only after it. The app sends its HTML uncompressed (BREACH, docs/performance.md);
   the target is checked with the HTML compressed as the reverse proxy in front sends it
   (gzip -6), and the bytes on the wire from gunicorn alone are shown beside it.
3. A report queued offline in the app and sent when the network returns: seconds from the network
   coming back to the receipt on the screen (target ≤ 5 s), median of a few runs.
"""

import gzip
import statistics
import sys
import time
import urllib.request
from pathlib import Path

from bench.common import record, running_site
from bench.page_weight import ARGS, CHROMIUM, _form_path

DATA_BUDGET = 150 * 1024
PAGE_BUDGET = 100 * 1024
SEND_BUDGET_SECONDS = 5.0
SEND_RUNS = 5


def data_size(base: str, language: str) -> tuple[int, int]:
    url = f"{base}/{language}/submit/data.json"
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        body = response.read()
        compressed = response.headers.get("Content-Encoding") == "gzip"
    raw = gzip.decompress(body) if compressed else body
    return len(body) if compressed else len(gzip.compress(body)), len(raw)


def first_load(base: str, path: str) -> tuple[int, list[tuple[str, int]], bool]:
    """Bytes on the wire of what the page asks for before its load event, and whether the offline
    data came only after it."""
    from playwright.sync_api import sync_playwright

    sent: dict[str, tuple[str, float]] = {}
    sizes: dict[str, int] = {}
    loaded_at: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 360, "height": 740}, locale="km-KH").new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Page.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.on(
            "Network.requestWillBeSent",
            lambda e: sent.__setitem__(e["requestId"], (e["request"]["url"], float(e["timestamp"]))),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
        )
        cdp.on("Page.loadEventFired", lambda e: loaded_at.append(float(e["timestamp"])))
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(3000)  # the background fetch of the offline data, if any
        browser.close()
    load = loaded_at[0] if loaded_at else float("inf")
    before = [(url.replace(base, ""), sizes.get(rid, 0)) for rid, (url, at) in sent.items() if at <= load]
    data_after = all(at > load for url, at in sent.values() if url.endswith("/submit/data.json"))
    return sum(size for _, size in before), sorted(before, key=lambda row: -row[1]), data_after


def send_after_reconnect(base: str, data_dir: Path) -> list[float]:
    """Seconds from the network returning to the receipt shown, for reports queued offline."""
    import sqlite3

    from playwright.sync_api import sync_playwright

    with sqlite3.connect(data_dir / "ourvoice.sqlite3") as db:
        office_id, commune = db.execute(
            "select id, commune_id from offices_office where type = 'commune' order by id limit 1"
        ).fetchone()
    seconds = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _run in range(SEND_RUNS):
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="km-KH")
            page = context.new_page()
            page.goto(base + "/km/", wait_until="load")
            page.evaluate("navigator.serviceWorker.ready")
            page.wait_for_function(
                "caches.open('ourvoice-data').then(c => c.keys()).then(k => k.length > 0)", timeout=30000
            )
            page.reload()
            context.set_offline(True)
            page.goto(base + "/km/submit/complaint/")
            page.locator("[data-offline-app]").wait_for(state="visible")
            page.select_option("#offline-province", commune[:2])
            page.select_option("#offline-district", commune[:4])
            page.select_option("#offline-commune", commune)
            page.select_option("#offline-office", str(office_id))
            page.select_option("#offline-topic", "slow-service")
            page.check("[data-about-office] input[value=false]")
            page.fill("#offline-description", "បានរង់ចាំយូរ (bench)")
            page.locator("[data-offline-app] button[type=submit]").click()
            page.locator(".waiting__item").wait_for(state="visible")
            started = time.monotonic()
            context.set_offline(False)
            page.evaluate("window.dispatchEvent(new Event('online'))")
            page.locator("[data-sent-receipt]").first.wait_for(state="visible", timeout=60000)
            seconds.append(time.monotonic() - started)
            context.close()
        browser.close()
    return seconds


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def html_gzip_size(base: str, path: str) -> int:
    with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310 - loopback
        return len(gzip.compress(response.read(), 6))


def main() -> int:
    with running_site() as base:
        from bench import common

        data_dir = Path(common.LAST_DATA_DIR)
        sizes = {language: data_size(base, language) for language in ("km", "en")}
        path = _form_path(data_dir)
        wire_total, page_rows, data_after = first_load(base, path)
        html_wire = next(size for url, size in page_rows if url.startswith(path.split("?")[0]))
        page_total = wire_total - html_wire + html_gzip_size(base, path)
        sends = send_after_reconnect(base, data_dir)
    data_ok = all(compressed <= DATA_BUDGET for compressed, _raw in sizes.values())
    page_ok = page_total <= PAGE_BUDGET and data_after
    median = statistics.median(sends)
    send_ok = median <= SEND_BUDGET_SECONDS
    lines = [
        "### The app with no connection: offline data, first load, sending when the network returns",
        "",
        "| measure | figure | target | |",
        "| --- | ---: | ---: | --- |",
        *[
            f"| offline data `/{language}/submit/data.json`, compressed (raw) | {compressed / 1024:.1f} KB "
            f"({raw / 1024:.0f} KB) | ≤ {DATA_BUDGET // 1024} KB | {_verdict(compressed <= DATA_BUDGET)} |"
            for language, (compressed, raw) in sizes.items()
        ],
        f"| first load of the complaint form before its load event, HTML compressed by the proxy "
        f"(from gunicorn alone) | {page_total / 1024:.1f} KB ({wire_total / 1024:.1f} KB) | "
        f"≤ {PAGE_BUDGET // 1024} KB | {_verdict(page_total <= PAGE_BUDGET)} |",
        f"| offline data requested only after the load event | {'yes' if data_after else '**no**'} | yes | "
        f"{'met' if data_after else '**not met**'} |",
        f"| queued report: network back → receipt shown (median of {len(sends)}; max) | {median:.2f} s; "
        f"{max(sends):.2f} s | ≤ {SEND_BUDGET_SECONDS:.0f} s | {'met' if send_ok else '**not met**'} |",
        "",
        "First load, resource by resource (bytes on the wire):",
        "",
        "| resource | bytes |",
        "| --- | ---: |",
        *[f"| `{url.split('?')[0][:80]}` | {size:,} |" for url, size in page_rows],
    ]
    record("app", "\n".join(lines))
    return 0 if data_ok and page_ok and send_ok else 1


if __name__ == "__main__":
    sys.exit(main())
