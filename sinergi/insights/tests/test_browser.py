"""In headless Chromium: the secretariat opens its dashboard; a chart is drawn and its table opens beside it; the
observer drills down from the province to the city's dashboard."""

from sinergi.core.tests.browser import ARTIFACTS, browser_only, sign_in

pytestmark = browser_only


def test_the_secretariat_sees_a_chart_and_its_table(live_app, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors, requests, failed = [], [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    sign_in(page, live_app, "sekretariat")
    page.click("nav#nav a[href='/dasbor/']")
    page.wait_for_url(live_app + "/dasbor/")
    assert "Pemerintah Kota Metro" in page.locator("h1").inner_text()

    chart = page.locator("#grafik-agencies")
    svg = chart.locator("svg[role=img]")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    assert "Disdikbud" in svg.text_content()
    assert svg.get_attribute("aria-labelledby") == "chart-agencies-title chart-agencies-desc"

    table = chart.locator("table")
    assert not table.is_visible()
    chart.locator("summary").click()
    assert table.is_visible()
    assert table.locator("th[scope=row]", has_text="Dinas Pendidikan dan Kebudayaan").is_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-secretariat.png"), full_page=True)

    # The CSV of the chart downloads.
    with page.expect_download() as download:
        chart.locator("a", has_text="CSV").click()
    assert download.value.suggested_filename.startswith("dasbor-agencies-")
    # Nothing came from anywhere else, and no script broke (the strict CSP allows no inline styles in SVG).
    assert all(url.startswith(live_app) for url in requests)
    assert [url for url in failed if not url.endswith("/favicon.ico")] == []
    assert [e for e in errors if not e.startswith("Failed to load resource")] == [], errors
    context.close()


def test_an_observer_drills_down_to_a_government(live_app, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_app, "provinsi")
    page.goto(live_app + "/dasbor/")
    assert "Lampung" in page.locator("h1").inner_text()
    assert page.locator("#grafik-ranking svg[role=img]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-observer.png"), full_page=True)
    page.locator("#grafik-children table").get_by_role("link", name="Kota Metro").click()
    page.wait_for_url(live_app + "/dasbor/wilayah/18.72/**")  # the chosen period travels along (?semester=)
    page.locator("main .page-head a[href^='/dasbor/pemda/']").click()
    assert "Pemerintah Kota Metro" in page.locator("h1").inner_text()
    assert page.locator("#grafik-fields svg[role=img]").is_visible()
