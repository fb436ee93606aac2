"""In headless Chromium at desktop width and at 390 px: a report and a RAD action go from the operator to the
reviewer and back; at each hand-over the next person's home shows the task and their inbox holds the message."""

import json
import urllib.request

import pytest

from sinergi.core.tests.browser import ARTIFACTS, browser_only, sign_in

pytestmark = browser_only

REASON = "Lampirkan daftar hadir kegiatan"
ACTION_REASON = "Target semester belum sesuai"


def _inbox(page, base: str, message: str, width: int, name: str) -> None:
    """The person's inbox (the notifications page) holds ``message``; a screenshot at this width."""
    page.goto(base + "/kotak-masuk/")
    assert message in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / f"flow-inbox-{name}-{width}.png"), full_page=True)


def _call(base: str, path: str, token: str | None = None, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"content-type": "application/json", **({"authorization": f"Bearer {token}"} if token else {})},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _ensure_disdik_has_a_report_to_do(base: str) -> None:
    """The live app is shared by the browser tests of this worker, and others may already have submitted disdik's
    overdue draft: if so, hand one of its reports back (BNN returns a submitted one, the secretariat reopens an
    approved one) through the API, as those people would."""

    def token(username):
        return _call(base, "/api/v1/auth/token", body={"username": username, "password": "sinergi-demo"})["token"]

    disdik = token("disdik")

    def to_do():
        sections = _call(base, "/api/v1/me/tasks", disdik)["sections"]
        return [item for s in sections if s["key"] in ("overdue", "returned") for item in s["items"]]

    if to_do():
        return
    reports = _call(base, "/api/v1/reports?limit=200", disdik)["items"]
    steps = {
        "submitted": ("bnn", "return", {"reason": "Dikembalikan untuk uji alur"}),
        "head_approved": ("bnn", "return", {"reason": "Dikembalikan untuk uji alur"}),
        "approved": ("sekretariat", "reopen", {"reason": "Dibuka kembali untuk uji alur"}),
    }
    for report in sorted(reports, key=lambda r: -r["period_id"]):
        if report["status"] in steps:
            username, step, body = steps[report["status"]]
            _call(base, f"/api/v1/reports/{report['id']}/{step}", token(username), body)
            if to_do():
                return
    raise AssertionError("disdik has no report that could be handed back")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_report_goes_from_disdik_to_bnn_and_back_through_their_homes(live_app, browser, width):
    ARTIFACTS.mkdir(exist_ok=True)
    viewport = {"width": width, "height": 900}
    disdik = browser.new_context(viewport=viewport).new_page()
    _ensure_disdik_has_a_report_to_do(live_app)
    sign_in(disdik, live_app, "disdik")
    overdue = disdik.locator("#tugas-overdue li, #tugas-returned li").first
    title = overdue.locator("a").first.inner_text()
    overdue.locator("a").first.click()
    report_url = disdik.url
    # The demo draft holds its values and narrative already: submit it as it stands.
    with disdik.expect_navigation():
        disdik.click("#submit-report")
    disdik.screenshot(path=str(ARTIFACTS / f"flow-home-submitted-{width}.png"), full_page=True)

    bnn = browser.new_context(viewport=viewport).new_page()
    sign_in(bnn, live_app, "bnn")
    waiting = bnn.locator("#tugas-reports_to_review")
    assert title in waiting.inner_text()
    _inbox(bnn, live_app, f"Laporan diajukan: {title}", width, "bnn-report")
    bnn.goto(live_app + "/")
    assert title in waiting.inner_text()
    bnn.screenshot(path=str(ARTIFACTS / f"flow-home-bnn-{width}.png"), full_page=True)
    waiting.get_by_role("link", name=title).first.click()
    assert bnn.url == report_url
    bnn.fill("textarea[name=reason]", f"{REASON} ({width})")
    with bnn.expect_navigation():
        bnn.click("#return-report")

    disdik.goto(live_app + "/")
    returned = disdik.locator("#tugas-returned")
    assert title in returned.inner_text() and f"{REASON} ({width})" in returned.inner_text()
    disdik.screenshot(path=str(ARTIFACTS / f"flow-home-disdik-{width}.png"), full_page=True)
    _inbox(disdik, live_app, f"Laporan dikembalikan: {title}", width, "disdik-report")
    with disdik.expect_navigation():  # the notice itself carries the reason in full
        disdik.locator("main a", has_text=f"Laporan dikembalikan: {title}").first.click()
    assert f"{REASON} ({width})" in disdik.locator("main").inner_text()
    disdik.context.close()
    bnn.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_rad_action_goes_from_the_secretariat_to_disdik_and_back(live_app, browser, width):
    """The secretariat returns a Disdikbud action of the plan in review with a reason; disdik fixes a target and
    resubmits ("Ajukan kembali"); BNN and the secretariat see it waiting; the secretariat accepts; disdik hears."""
    ARTIFACTS.mkdir(exist_ok=True)
    viewport = {"width": width, "height": 900}
    reason = f"{ACTION_REASON} ({width})"
    sek = browser.new_context(viewport=viewport).new_page()
    sign_in(sek, live_app, "sekretariat")
    sek.locator("#tugas-plan_review li").filter(has=sek.locator(".badge.in_review")).first.locator("a").first.click()
    sek.select_option("select[name=agency]", label="Dinas Pendidikan dan Kebudayaan")
    sek.select_option("select[name=state]", value="proposed")
    with sek.expect_navigation():
        sek.locator("form.filters button[type=submit]").click()
    link = sek.locator("table.list a[href^='/aksi/']").first
    title = link.inner_text()
    link.click()
    action_url = sek.url
    sek.fill("textarea[name=reason]", reason)
    with sek.expect_navigation():
        sek.get_by_role("button", name="Kembalikan ke perangkat daerah").click()

    disdik = browser.new_context(viewport=viewport).new_page()
    sign_in(disdik, live_app, "disdik")
    returned = disdik.locator("#tugas-returned")
    assert title in returned.inner_text() and reason in returned.inner_text()
    _inbox(disdik, live_app, f"Aksi RAD dikembalikan: {title}", width, "disdik-action")
    disdik.goto(live_app + "/")
    # A report on the same action title may be returned too: the item links to this action's page.
    disdik.locator(f"#tugas-returned a[href='{action_url.removeprefix(live_app)}']").click()
    assert disdik.url == action_url
    # Fix an indicator: its baseline (its targets must keep adding up, so they stay).
    disdik.locator(".indicator a", has_text="ubah").first.click()
    disdik.fill("input[name=baseline]", str(width // 10))
    with disdik.expect_navigation():
        disdik.get_by_role("button", name="Simpan", exact=True).click()
    assert disdik.url == action_url
    disdik.fill("#resubmit-note", f"Target diperbaiki ({width})")
    disdik.screenshot(path=str(ARTIFACTS / f"flow-action-resubmit-{width}.png"), full_page=True)
    with disdik.expect_navigation():
        disdik.get_by_role("button", name="Ajukan kembali").click()

    bnn = browser.new_context(viewport=viewport).new_page()
    sign_in(bnn, live_app, "bnn")
    _inbox(bnn, live_app, f"Aksi RAD diajukan kembali: {title}", width, "bnn-action")
    _inbox(sek, live_app, f"Aksi RAD diajukan kembali: {title}", width, "sek-action")
    sek.goto(action_url)
    with sek.expect_navigation():
        sek.get_by_role("button", name="Terima", exact=True).click()

    _inbox(disdik, live_app, f"Aksi RAD diterima: {title}", width, "disdik-accepted")
    for page in (sek, disdik, bnn):
        page.context.close()


def test_the_homes_at_390_px(live_app, browser):
    for persona in ("sekretariat", "kel.iringmulyo", "walikota"):
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        sign_in(page, live_app, persona)
        assert page.locator("section.tasks").count() >= 1
        page.screenshot(path=str(ARTIFACTS / f"flow-home-{persona}-390.png"), full_page=True)
        page.context.close()
