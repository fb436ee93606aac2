"""In headless Chromium at desktop width and at 390 px: a report goes from the operator's home to the reviewer's
home and back with the reviewer's reason."""

import pytest

from sinergi.core.tests.browser import ARTIFACTS, browser_only, sign_in

pytestmark = browser_only

REASON = "Lampirkan daftar hadir kegiatan"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_report_goes_from_disdik_to_bnn_and_back_through_their_homes(live_app, browser, width):
    ARTIFACTS.mkdir(exist_ok=True)
    viewport = {"width": width, "height": 900}
    disdik = browser.new_context(viewport=viewport).new_page()
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
    disdik.context.close()
    bnn.context.close()


def test_the_homes_at_390_px(live_app, browser):
    for persona in ("sekretariat", "kel.iringmulyo", "walikota"):
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        sign_in(page, live_app, persona)
        assert page.locator("section.tasks").count() >= 1
        page.screenshot(path=str(ARTIFACTS / f"flow-home-{persona}-390.png"), full_page=True)
        page.context.close()
