"""In headless Chromium: forms.js focuses the first error on a phone and turns multi-selects into a searchable
checkbox list that still posts the hidden select (issue 14 §6)."""

import re

from sinergi.core.tests.browser import ARTIFACTS, browser_only, sign_in

pytestmark = browser_only


def test_a_refused_form_on_a_phone_focuses_its_first_error(live_app, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    sign_in(page, live_app, "kel.iringmulyo")
    page.goto(live_app + "/kegiatan/baru/")
    assert (
        page.locator("input[name=male]").get_attribute("type") == "number"
        or page.locator("input[name=male]").get_attribute("inputmode") == "numeric"
    )
    page.fill("input[name=title]", "Penyuluhan di RW 05")
    page.fill("input[name=starts_on]", "2024-09-10")
    page.fill("input[name=participants]", "25")
    page.fill("input[name=male]", "20")
    page.fill("input[name=female]", "13")
    page.click("main button:has-text('Simpan')")
    page.wait_for_load_state("load")
    page.wait_for_function("document.activeElement && document.activeElement !== document.body")
    inside_error = page.evaluate(
        "!!(document.activeElement.closest('.has-error') || document.activeElement.classList.contains('errorlist'))"
    )
    assert inside_error
    page.screenshot(path=str(ARTIFACTS / "forms-js-first-error.png"))


def test_a_multi_select_is_a_searchable_checkbox_list(live_app, browser):
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    sign_in(page, live_app, "sekretariat")
    page.goto(live_app + "/rencana/")
    plans = set(page.eval_on_selector_all("main a[href^='/rencana/']", "links => links.map(a => a.pathname)"))
    for path in sorted(p for p in plans if re.fullmatch(r"/rencana/\d+/", p)):
        page.goto(live_app + path)
        if page.locator("a[href$='/aksi/baru/']").count():
            break
    page.click("a[href$='/aksi/baru/']")
    page.wait_for_url("**/aksi/baru/")
    assert page.locator("select[name=locations]").is_hidden()
    box = page.locator("select[name=locations] + .multi-pick")
    box.locator("input[type=search]").fill("iring mulyo")
    visible = box.locator("label:visible")
    assert visible.count() >= 1
    assert all("Iring Mulyo" in text for text in visible.all_inner_texts())
    visible.first.locator("input").check()
    chosen = page.evaluate("Array.from(document.querySelector('select[name=locations]').selectedOptions, o => o.text)")
    assert len(chosen) == 1 and "Iring Mulyo" in chosen[0]
    assert "1 dipilih" in box.locator(".multi-pick-count").inner_text()
    page.screenshot(path=str(ARTIFACTS / "forms-js-multi-select.png"), full_page=True)
