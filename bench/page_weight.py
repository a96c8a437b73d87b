"""Page weight of the submission form on a first visit (issue 3: at most 100 KB compressed).

Loads the complaint form of a real commune in Debian's Chromium with an empty cache, and adds up
the bytes that crossed the network (compressed, headers excluded) for the page, its styles,
scripts and fonts, as Chromium's DevTools protocol reports them.
"""

import sqlite3
import sys
from pathlib import Path

from bench.common import record, running_site

BUDGET_BYTES = 100 * 1024
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _form_path(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "ourvoice.sqlite3") as db:
        office_id, commune = db.execute(
            "select id, commune_id from offices_office where type = 'commune' order by id limit 1"
        ).fetchone()
    return f"/km/submit/complaint/form/?commune={commune}&office={office_id}&category=unofficial-fee"


def measure(base: str, path: str) -> list[tuple[str, int]]:
    from playwright.sync_api import sync_playwright

    transfers: dict[str, int] = {}
    urls: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(viewport={"width": 360, "height": 740}, locale="km-KH").new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on(
            "Network.loadingFinished",
            lambda e: transfers.__setitem__(e["requestId"], int(e["encodedDataLength"])),
        )
        response = page.goto(base + path, wait_until="networkidle")
        if response is None or response.status != 200:
            raise SystemExit(f"{path} answered {response.status if response else 'nothing'}")
        page.wait_for_timeout(500)
        browser.close()
    rows = [(urls.get(rid, rid).replace(base, ""), size) for rid, size in transfers.items()]
    return sorted(rows, key=lambda row: -row[1])


def main() -> int:
    with running_site() as base:
        from bench import common  # the data dir is in the server's environment

        data_dir = Path(common.LAST_DATA_DIR)
        rows = measure(base, _form_path(data_dir))
    total = sum(size for _, size in rows)
    lines = [
        "### Page weight: first load of the complaint form (Khmer, 360-px phone, empty cache)",
        "",
        f"Total transferred: **{total / 1024:.1f} KB** (target ≤ {BUDGET_BYTES // 1024} KB compressed): "
        + ("met" if total <= BUDGET_BYTES else "**not met**"),
        "",
        "| resource | bytes on the wire |",
        "| --- | ---: |",
        *[f"| `{url.split('?')[0][:80]}` | {size:,} |" for url, size in rows],
    ]
    record("page-weight", "\n".join(lines))
    return 0 if total <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
