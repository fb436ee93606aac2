"""In headless Chromium on a phone-sized screen: a kelurahan operator records an event."""

from sinergi.core.tests.browser import ARTIFACTS, browser_only, sign_in

pytestmark = browser_only


def test_a_kelurahan_operator_records_an_event_on_a_phone(live_app, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    sign_in(page, live_app, "kel.iringmulyo")
    page.goto(live_app + "/kegiatan/baru/")
    page.select_option("select[name=kind]", "penyuluhan")
    page.fill("input[name=title]", "Penyuluhan bahaya narkoba di Posyandu Remaja")
    page.fill("input[name=starts_on]", "2024-09-10")
    page.select_option("select[name=agency]", label="Kelurahan Iring Mulyo")
    page.select_option("select[name=region]", "18.72.04.1003")
    page.select_option("select[name=target_group]", "masyarakat_umum")
    page.fill("input[name=participants]", "25")
    page.fill("input[name=male]", "12")
    page.fill("input[name=female]", "13")
    page.screenshot(path=str(ARTIFACTS / "event-phone-form.png"), full_page=True)
    page.click("main button:has-text('Simpan')")
    page.wait_for_url("**/kegiatan/*/")
    assert "Penyuluhan bahaya narkoba di Posyandu Remaja" in page.locator("h1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "event-phone-saved.png"), full_page=True)
