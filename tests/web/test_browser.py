"""End to end in a real browser (Debian's Chromium driven by Playwright).

The test starts the server itself: a fresh data folder, ``procuracy demo --no-serve`` (the
README's setup), then ``procuracy runserver``. A case manager registers a case, the procurator
it is assigned to decides on the person, sees the deadline and the timeline change, sees the
dashboard figure change and drills down to the case. Screenshots of each main page are saved in
``test-artifacts/screenshots/`` for review.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (apt-get install -y chromium; .ci/run does it)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("e2e-data")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PROCURACY_"))}
    env.update(PROCURACY_DATA_DIR=str(data), PYTHONUNBUFFERED="1")
    cli = [sys.executable, "-m", "procuracy.cli"]
    setup = subprocess.run(
        [*cli, "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=300
    )
    if setup.returncode != 0:  # say why: the demo's own last lines
        pytest.fail(
            f"procuracy demo --no-serve exited {setup.returncode}:\n"
            + "\n".join((setup.stdout + setup.stderr).splitlines()[-25:])
        )
    port = _free_port()
    proc = subprocess.Popen(
        [*cli, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/health/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("the server did not start")
    yield base, (data / "demo-password").read_text().strip()
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )  # fmt: skip
        yield b
        b.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def login(page, base, username, password):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_a_case_is_registered_decided_and_counted(server, browser):
    base, password = server
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{base}/login/")
    shot(page, "01-login")
    login(page, base, "procurator", password)
    page.goto(f"{base}/figures/?org=110105")
    cell = page.locator("#figures tr", has_text="criminal.arrested").locator("td").nth(1)
    arrested_before = int(cell.inner_text().strip().replace(",", ""))
    page.click("header form.logout button")
    login(page, base, "manager", password)
    page.goto(f"{base}/intake/")
    page.select_option("select[name=kind]", "prosecution_review")
    assert page.locator("input[name=materials][value=transfer_opinion]").is_visible()
    page.select_option("select[name=kind]", "arrest_review")
    # the kind's own materials and agencies only (Rules arts. 156-158; intake.js)
    assert page.locator("input[name=materials][value=arrest_request]").is_visible()
    assert not page.locator("input[name=materials][value=transfer_opinion]").is_visible()
    assert page.locator("select[name=agency] option[value=supervision_commission]").is_disabled()
    page.select_option("select[name=agency]", "police")
    page.fill("input[name=agency_name]", "北京市公安局朝阳分局")
    for code in ("arrest_request", "case_file", "evidence"):
        page.check(f"input[name=materials][value={code}]")
    page.fill("input[name=p1_name]", "张某")
    page.fill("input[name=p1_id_number]", "11010519491231002X")
    page.select_option("select[name=p1_custody]", "detained")
    page.fill("input[name=p1_id_number]", "110105194912310021")
    page.locator("input[name=p1_id_number]").dispatch_event("change")
    page.wait_for_selector("#p1-id-check .error")  # GB 11643 check character, inline
    assert "校验码错误" in page.locator("#p1-id-check").inner_text()  # the page is in Chinese
    page.fill("input[name=p1_id_number]", "11010519491231002X")
    page.locator("input[name=p1_id_number]").dispatch_event("change")
    page.wait_for_selector("#p1-id-check .ok")
    page.fill("input[name=p1_charges]", "264 盗窃罪")
    shot(page, "02-intake")
    page.click("main form button[type=submit]")
    try:
        page.wait_for_selector("h1:has-text('京朝检刑捕受')", timeout=15000)
    except Exception:
        shot(page, "02-intake-failed")
        raise
    number = page.locator("h1").first.inner_text().strip()
    assert number.startswith("京朝检刑捕受〔")  # the demo's sample cases come first
    case_url = page.url
    # assigned by rotation (轮案) to one of the demo's two procurators, whichever is next
    # shown by the name users know (王检察官), the username kept for the page's scripts
    handler = page.locator("#handler").get_attribute("data-username")
    assert handler in ("procurator", "procurator2")
    assert page.locator("#handler").inner_text().strip() in ("王检察官", "李检察官")
    page.click("header form.logout button")

    login(page, base, handler, password)
    assert number in page.locator("#my-cases").inner_text()
    shot(page, "03-workbench")
    page.goto(case_url)
    assert "arrest-review-detained" in page.locator("#deadlines").inner_text()
    page.click("#action-arrest\\.approved summary")
    page.check("#action-arrest\\.approved input[name=persons][value=P1]")
    page.click("#action-arrest\\.approved button[type=submit]")
    page.wait_for_selector("#timeline code:has-text('arrest.approved')")
    assert "已记录" in page.locator(".messages").inner_text()
    timeline = page.locator("#timeline").inner_text()
    assert "批准逮捕" in timeline and "arrest.approved" in timeline
    assert "[按期办结]" in page.locator("#deadlines").inner_text()
    shot(page, "04-case")

    page.goto(f"{base}/figures/?org=110105")
    row = page.locator("#figures tr", has_text="criminal.arrested")
    assert int(row.locator("td").nth(1).inner_text().strip()) == arrested_before + 1
    shot(page, "05-dashboard")
    row.locator("a").click()
    page.wait_for_selector(f"text={number}")
    shot(page, "06-drill-down")
    page.click(f"text={number}")
    page.wait_for_url(case_url)

    page.click("header form.lang button[value=en]")
    page.wait_for_selector("text=Timeline")
    shot(page, "07-case-english")
    assert not errors, errors  # no Content Security Policy refusal, no missing file (favicon)
    context.close()


def test_process_monitoring_for_the_provincial_case_manager(server, browser):
    base, password = server
    page = browser.new_page()
    login(page, base, "province-manager", password)
    page.goto(f"{base}/monitoring/?all=1")
    assert page.locator("h1").inner_text().startswith("流程监控")
    shot(page, "08-monitoring")
    page.goto(f"{base}/figures/?org=110000")
    shot(page, "09-dashboard-province")
    page.close()
