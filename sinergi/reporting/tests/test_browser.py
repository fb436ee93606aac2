"""In headless Chromium: an operator fills in and submits a report with evidence; a reviewer returns it, the
operator corrects it, and the reviewer approves it."""

import io

from PIL import Image

from sinergi.core.tests.browser import ARTIFACTS, browser_only, sign_in

pytestmark = browser_only


def _autosave(response) -> bool:
    return "/api/v1/reports/" in response.url and response.request.method == "PATCH"


def _open_report(page, base, title):
    page.goto(base + "/laporan/")
    page.click("text=Semester I 2024")
    page.click(f"text={title}")


def test_an_operator_submits_with_evidence_and_a_reviewer_returns_then_approves(live_app, browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    photo = tmp_path / "kegiatan.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "green").save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    title = "Penerapan modul P4GN di SMP negeri"

    operator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(operator, live_app, "disdik")
    _open_report(operator, live_app, title)
    report_url = operator.url
    with operator.expect_response(_autosave) as saved:
        operator.fill("input[data-value-of]", "3")
        operator.fill("textarea[name=narrative]", "Modul P4GN diterapkan di 3 SMP negeri.")
    assert saved.value.ok
    operator.set_input_files("input[name=file]", str(photo))
    operator.select_option("select[name=kind]", "foto")
    operator.click("main section button.button:not(.danger):not(.small) >> nth=-1")
    operator.wait_for_url(report_url)
    assert operator.get_by_role("link", name="kegiatan.jpg", exact=True).count() == 1
    operator.click("#submit-report")
    operator.wait_for_url(report_url)
    assert operator.locator(".badge.report-submitted").count() == 1

    reviewer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(reviewer, live_app, "bnn")
    reviewer.goto(report_url)
    reviewer.fill("textarea[name=reason]", "Lampirkan daftar hadir.")
    reviewer.click("#return-report")
    reviewer.wait_for_url(report_url)
    assert reviewer.locator(".badge.report-returned").count() == 1

    operator.goto(report_url)
    assert operator.locator("text=Lampirkan daftar hadir.").count() >= 1
    with operator.expect_response(_autosave) as saved:
        operator.fill("textarea[name=follow_up]", "Daftar hadir menyusul.")
    assert saved.value.ok
    operator.click("#submit-report")
    operator.wait_for_url(report_url)
    operator.screenshot(path=str(ARTIFACTS / "report-resubmitted.png"), full_page=True)

    reviewer.goto(report_url)
    reviewer.click("#approve-report")
    reviewer.wait_for_url(report_url)
    assert reviewer.locator(".badge.report-approved").count() == 1
    reviewer.screenshot(path=str(ARTIFACTS / "report-approved.png"), full_page=True)
