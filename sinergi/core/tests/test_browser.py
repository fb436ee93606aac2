"""End to end in headless Chromium: the app served by its own command, driven like a person would."""

from sinergi.core.tests.browser import ARTIFACTS, browser_only, sign_in

pytestmark = browser_only


def test_it_signs_in_reaches_home_and_switches_language(live_app, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_app + "/")
    assert "/akun/masuk/" in page.url
    sign_in(page, live_app, "sekretariat")
    assert "Pemerintah Kota Metro" in page.locator("main").inner_text()
    assert page.locator("#tugas-not_reported").is_visible()  # the secretariat's to-do list
    page.screenshot(path=str(ARTIFACTS / "home-id.png"), full_page=True)
    assert page.get_by_role("link", name="Perangkat daerah", exact=True).count() == 1

    # Switch to English in the footer; the page comes back in English.
    with page.expect_navigation():
        page.select_option("select#language", "en")
    assert page.get_by_role("link", name="Agencies", exact=True).count() == 1
    assert "Welcome" in page.locator("h1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "home-en.png"), full_page=True)
    page.close()


def test_it_is_usable_on_a_phone(live_app, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_app, "disdik")
    # On a narrow screen the menu is folded away until the toggle is pressed.
    assert not page.locator("#nav").is_visible()
    page.click("button.menu-toggle")
    assert page.locator("#nav").is_visible()
    page.screenshot(path=str(ARTIFACTS / "home-phone.png"), full_page=True)
    page.close()
