"""In headless Chromium: the secretariat records a rakor with two decisions, each with a follow-up for an agency,
and each agency's operator finds theirs on their home page."""

from sinergi.core.tests.browser import ARTIFACTS, browser_only, sign_in

pytestmark = browser_only

DECISIONS = [
    ("Dinas Pendidikan dan Kebudayaan", "Sisipkan materi P4GN di MPLS semua SMP (uji peramban)", "2099-10-31"),
    ("Dinas Kesehatan", "Tes urine tenaga kesehatan puskesmas (uji peramban)", "2024-10-15"),
]


def test_the_secretariat_records_a_meeting_and_the_owners_see_their_follow_ups(live_app, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_app, "sekretariat")
    page.goto(live_app + "/rapat/baru/")
    page.select_option("select[name=kind]", "rakor")
    page.fill("input[name=title]", "Rakor Tim Terpadu P4GN (uji peramban)")
    page.fill("input[name=starts_at]", "2024-09-24T09:00")
    page.fill("input[name=ends_at]", "2024-09-24T12:00")
    page.fill("input[name=place]", "Ruang Rapat OR Setda Kota Metro (uji peramban)")
    page.fill("input[name=chair_name]", "Dra. Rosita, MM.")
    page.get_by_label("Dinas Pendidikan dan Kebudayaan", exact=True).check()
    page.get_by_label("Dinas Kesehatan", exact=True).check()
    page.fill("textarea[name=agenda_lines]", "Pembahasan awal RAD P4GN Kota Metro 2024")
    page.click("main button:has-text('Simpan')")
    page.wait_for_url("**/rapat/*/")
    meeting_url = page.url
    page.click("#step-hold")
    page.wait_for_load_state()
    for agency, task, due in DECISIONS:
        page.goto(meeting_url)
        page.fill("textarea[name=keputusan-text]", f"Keputusan: {task}")
        page.select_option("select[name=keputusan-agency]", label=agency)
        page.fill("textarea[name=keputusan-description]", task)
        page.fill("input[name=keputusan-due_on]", due)
        page.click("#decision-form button[type=submit]")
        page.wait_for_url("**/rapat/*/#keputusan")
    page.goto(meeting_url)
    decisions = page.locator("#keputusan").inner_text()
    assert all(task in decisions for _agency, task, _due in DECISIONS)
    page.screenshot(path=str(ARTIFACTS / "meeting-recorded.png"), full_page=True)

    for username, mine, theirs in (("disdik", 0, 1), ("dinkes", 1, 0)):
        operator = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
        sign_in(operator, live_app, username)
        box = operator.locator("#tugas-follow_ups")  # the agency's to-do list on its home
        assert DECISIONS[mine][1] in box.inner_text()
        assert DECISIONS[theirs][1] not in box.inner_text()
        operator.screenshot(path=str(ARTIFACTS / f"follow-ups-home-{username}.png"), full_page=True)
        if username == "dinkes":  # due 15 October 2024: overdue
            row = box.locator("li", has_text=DECISIONS[1][1])
            assert row.locator(".badge.overdue").count() == 1
        operator.context.close()
