"""In headless Chromium: an operator drafts an action in a new plan; the secretariat reviews and adopts it."""

from sinergi.core.tests.browser import ARTIFACTS, browser_only, sign_in

pytestmark = browser_only


def test_an_operator_drafts_an_action_and_the_secretariat_adopts_the_plan(live_app, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    secretariat = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(secretariat, live_app, "sekretariat")
    secretariat.goto(live_app + "/rencana/baru/")
    secretariat.fill("input[name=title]", "RAD P4GN Kota Metro Tahun 2022")
    secretariat.select_option("select[name=national_plan]", label="RAN P4GN 2020–2024 (2020–2024)")
    secretariat.fill("input[name=start_year]", "2022")
    secretariat.fill("input[name=end_year]", "2022")
    secretariat.click("main button:has-text('Simpan')")
    secretariat.wait_for_url("**/rencana/*/")
    plan_url = secretariat.url

    operator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(operator, live_app, "disdik")
    operator.goto(plan_url)
    operator.click("text=Tambah aksi")
    operator.select_option(
        "select[name=national_action]", label="1.6 — Penyusunan dan penerapan modul/kurikulum P4GN di satuan pendidikan"
    )
    operator.fill("input[name=title]", "Penerapan modul P4GN di SMP negeri")
    operator.select_option("select[name=responsible_agency]", label="Dinas Pendidikan dan Kebudayaan")
    operator.check("input[name=months][value='8']")
    operator.check("input[name=months][value='9']")
    operator.fill("input[name=budget]", "15000000")
    operator.select_option("select[name=budget_source]", "apbd")
    operator.click("main button:has-text('Simpan')")
    operator.wait_for_url("**/indikator/baru/")
    operator.fill("input[name=name]", "SMP yang menerapkan modul")
    operator.fill("input[name=unit]", "sekolah")
    operator.fill("input[name=target_2022_0]", "6")
    operator.fill("input[name=target_2022_1]", "2")
    operator.fill("input[name=target_2022_2]", "4")
    operator.click("main button:has-text('Simpan')")
    operator.wait_for_url("**/aksi/*/")
    assert "Penerapan modul P4GN di SMP negeri" in operator.locator("h1").inner_text()

    secretariat.goto(plan_url)
    assert secretariat.locator("text=Penerapan modul P4GN di SMP negeri").count() == 1
    secretariat.click("text=Kirim untuk ditelaah")
    secretariat.click("text=Terima semua aksi yang diusulkan")
    secretariat.wait_for_url(plan_url)
    secretariat.click("text=Tetapkan rencana")
    secretariat.select_option("select[name=kind]", "perwali")
    secretariat.fill("input[name=number]", "21 Tahun 2022")
    secretariat.fill("input[name=on]", "2022-03-01")
    secretariat.click("main button:has-text('Simpan')")
    secretariat.wait_for_url(plan_url)
    assert "Ditetapkan" in secretariat.locator("h1").inner_text()
    secretariat.screenshot(path=str(ARTIFACTS / "plan-adopted.png"), full_page=True)
    # The adopted plan offers no edit to the operator any more.
    operator.goto(plan_url)
    assert operator.locator("text=Tambah aksi").count() == 0
