"""The server-side SVG charts: accessible, escaped, with the numbers the page shows, and offline (nothing fetched)."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation

from conftest import metro_agency
from sinergi.insights.charts import Bar, Series, bar_chart, format_value, trend_chart

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & "Dinas" <b>'


def _parse(svg: str) -> ElementTree.Element:
    """The chart must be well-formed XML (an unescaped label would break it)."""
    return ElementTree.fromstring(str(svg))


def _texts(root) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def test_a_bar_chart_is_an_accessible_image_with_its_numbers():
    with translation.override("id"):
        svg = bar_chart(
            name="agencies",
            title="Capaian per perangkat daerah",
            bars=[Bar("Disdikbud", [Decimal("83.4")], hint="Dinas Pendidikan"), Bar("Bappeda", [None])],
        )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-agencies-title chart-agencies-desc"
    assert root.find(f"{SVG}title").text == "Capaian per perangkat daerah"
    assert root.find(f"{SVG}title").get("id") == "chart-agencies-title"
    assert root.find(f"{SVG}desc").text
    texts = _texts(root)
    assert "Disdikbud" in texts and "83,4 %" in texts
    assert "0 %" in texts and "100 %" in texts  # the axis
    # A bar without a value is said so, and has no rectangle; each group has a tooltip with the full name.
    assert len(root.findall(f".//{SVG}rect")) == 1
    tips = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert tips[0].startswith("Dinas Pendidikan — 83,4 %")
    assert any("Bappeda" in tip for tip in tips)


def test_percentages_fill_at_100_but_keep_their_number():
    svg = bar_chart(name="absorption", title="t", bars=[Bar("A", [150]), Bar("B", [50])])
    root = _parse(svg)
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert format_value(150) in _texts(root)


def test_counts_get_a_whole_number_axis():
    root = _parse(bar_chart(name="areas", title="t", bars=[Bar("Metro Pusat", [7]), Bar("Metro Barat", [3])], unit=""))
    texts = _texts(root)
    assert {"0", "2", "4", "6", "8"} <= set(texts)
    assert "7" in texts


def test_several_series_get_a_legend_and_a_bar_each():
    root = _parse(
        bar_chart(name="reporting", title="t", bars=[Bar("A", [100, 50])], series=("Kelengkapan", "Ketepatan"))
    )
    assert len(root.findall(f".//{SVG}rect")) == 2 + 2  # two legend swatches, two bars
    assert {"Kelengkapan", "Ketepatan"} <= set(_texts(root))


def test_long_labels_are_shortened_on_the_chart_and_whole_in_the_tooltip():
    name = "Penelitian, Pengembangan, Informasi dan Hukum"
    root = _parse(bar_chart(name="fields", title="t", bars=[Bar(name, [90])]))
    assert name not in _texts(root)
    assert any(t.startswith("Penelitian") and t.endswith("…") for t in _texts(root))
    assert root.find(f"{SVG}g/{SVG}title").text.startswith(name)


def test_every_text_is_escaped():
    svg = str(bar_chart(name="x", title=EVIL, bars=[Bar(EVIL, [10], hint=EVIL)], series=(EVIL,), description=EVIL))
    svg += str(trend_chart(name="y", title=EVIL, categories=[EVIL], series=[Series(EVIL, [5])]))
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    _parse(svg.split("</svg>")[0] + "</svg>")


def test_chart_ids_cannot_be_injected():
    root = _parse(bar_chart(name='a" onload="x', title="t", bars=[]))
    assert root.get("onload") is None
    assert root.get("aria-labelledby") == "chart-aonloadx-title chart-aonloadx-desc"


def test_an_empty_chart_says_so():
    with translation.override("en"):
        assert "No data yet." in _texts(_parse(bar_chart(name="x", title="t", bars=[])))
        assert "No data yet." in _texts(
            _parse(trend_chart(name="y", title="t", categories=["I/2024"], series=[Series("a", [None])]))
        )


def test_a_line_breaks_where_a_semester_has_no_value():
    root = _parse(
        trend_chart(
            name="trend",
            title="Tren",
            categories=["I/2023", "II/2023", "I/2024", "II/2024", "I/2025"],
            series=[Series("Kelengkapan", [50, 60, None, 70, 80]), Series("Capaian", [None, None, 90, None, None])],
        )
    )
    lines = root.findall(f".//{SVG}polyline")
    assert len(lines) == 2  # 2023 and 2024–2025; the single 2024 achievement is a point without a line
    assert all(len(line.get("points").split()) == 2 for line in lines)
    assert len(root.findall(f".//{SVG}circle")) == 5
    tips = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert "Capaian, I/2024: 90,0 %" in tips or "Capaian, I/2024: 90.0 %" in tips


def test_a_column_chart_writes_every_value():
    root = _parse(
        trend_chart(
            name="events",
            title="Kegiatan",
            categories=["I/2023", "II/2023", "I/2024"],
            series=[Series("Kegiatan", [42, None, 1234])],
            kind="column",
            unit="",
        )
    )
    assert len(root.findall(f".//{SVG}g/{SVG}rect")) == 2
    texts = _texts(root)
    assert "42" in texts and ("1.234" in texts or "1,234" in texts)


def test_charts_use_no_style_attributes_scripts_or_outside_resources():
    svg = str(bar_chart(name="a", title="t", bars=[Bar("x", [1])])) + str(
        trend_chart(name="b", title="t", categories=["I/2024"], series=[Series("a", [1])], kind="column", unit="")
    )
    assert not re.search(r"\sstyle=|<script|href=|url\(|https?://(?!www\.w3\.org/2000/svg)", svg)


# --- escaping in the pages -----------------------------------------------------------------------------------


def test_an_agency_name_with_a_script_is_escaped_on_the_dashboard_and_in_its_csv(login):
    agency = metro_agency("Disdikbud")
    type(agency).objects.filter(pk=agency.pk).update(name=EVIL, acronym="<script>x()</script>")
    client = login("sekretariat")
    page = client.get("/dasbor/").content.decode()
    assert "<script>alert" not in page and "<script>x()" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page or "&lt;script&gt;alert(" in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page  # the chart's short label
    csv = b"".join(client.get("/dasbor/?format=csv&chart=agencies").streaming_content).decode()
    assert EVIL.replace('"', '""') in csv  # CSV is data, not HTML: the name as it is, quoted


def test_government_names_are_escaped_in_the_switcher_too(login):
    from sinergi.organizations.models import Government

    Government.objects.filter(region_id="18.07").update(name=EVIL)
    page = login("provinsi").get("/dasbor/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Dinas&quot; &lt;b&gt;</option>" in page
