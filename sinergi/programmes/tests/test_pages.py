from sinergi.accounts.models import User
from sinergi.organizations.models import Agency, Government
from sinergi.programmes.models import Event, UrineTestCampaign


def _iring_mulyo():
    return Agency.objects.get(government__region_id="18.72", region_id="18.72.04.1003")


def _event_form(**overrides):
    data = {
        "kind": "sosialisasi", "title": "Sosialisasi P4GN di RW 03", "starts_on": "2024-08-20", "status": "held",
        "agency": _iring_mulyo().pk, "region": "18.72.04.1003", "target_group": "masyarakat_umum",
        "participants": "30", "male": "14", "female": "16",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_kelurahan_operator_records_an_event_through_the_page(login):
    client = login("kel.iringmulyo")
    form = client.get("/kegiatan/baru/").content.decode()
    assert "Kelurahan Iring Mulyo" in form and "Kelurahan Metro<" not in form  # only their own area is offered
    response = client.post("/kegiatan/baru/", _event_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Sosialisasi P4GN di RW 03")
    assert (event.participants, event.male, event.female, event.created_by.username) == (30, 14, 16, "kel.iringmulyo")
    listed = client.get("/kegiatan/").content.decode()
    assert "Sosialisasi P4GN di RW 03" in listed


def test_parts_that_do_not_add_up_are_refused_on_the_page(login):
    response = login("kel.iringmulyo").post("/kegiatan/baru/", _event_form(male="20"))
    assert response.status_code == 200
    assert not Event.objects.filter(title="Sosialisasi P4GN di RW 03").exists()


def test_someone_without_an_agency_or_area_cannot_record(login):
    assert login("walikota").get("/kegiatan/baru/").status_code == 403
    assert login("provinsi").get("/kegiatan/baru/").status_code == 403


def test_the_events_list_exports(login):
    login("kel.iringmulyo").post("/kegiatan/baru/", _event_form())
    export = login("sekretariat").get("/kegiatan/", {"export": "csv", "q": "RW 03"})
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and "Sosialisasi P4GN di RW 03" in rows[1]
    everything = login("sekretariat").get("/kegiatan/", {"export": "csv"})
    rows = b"".join(everything.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == Event.objects.filter(government__region_id="18.72").count() + 1


def test_the_urine_test_page_records_counts(login):
    metro = Government.objects.get(region_id="18.72")
    bnn = Agency.objects.get(government=metro, acronym="BNN Kota Metro")
    bkpsdm = Agency.objects.get(government=metro, acronym="BKPSDM")
    client = login("bnn")
    before = UrineTestCampaign.objects.count()
    response = client.post(
        "/tes-urine/",
        {
            "agency": bnn.pk,
            "host_agency": bkpsdm.pk,
            "held_on": "2024-03-12",
            "group": "asn",
            "tested": "151",
            "positive": "0",
            "referred": "0",
        },
    )
    assert response.status_code == 302
    assert UrineTestCampaign.objects.latest("pk").tested == 151
    bad = client.post(
        "/tes-urine/",
        {
            "agency": bnn.pk,
            "host_name": "PT Contoh",
            "held_on": "2024-03-12",
            "group": "pekerja",
            "tested": "5",
            "positive": "9",
        },
    )
    assert bad.status_code == 200
    assert UrineTestCampaign.objects.count() == before + 1
    # An agency operator may record only for their own agency: BNN is not offered to Disdikbud's operator.
    assert (
        login("disdik")
        .post(
            "/tes-urine/",
            {"agency": bnn.pk, "host_name": "SMP 1", "held_on": "2024-03-12", "group": "pelajar", "tested": "5"},
        )
        .status_code
        == 200
    )
    assert UrineTestCampaign.objects.count() == before + 1
    assert login("walikota").post("/tes-urine/", {"agency": bnn.pk}).status_code == 403


def test_the_urine_test_list_filters_totals_and_exports_counts_only(login, django_assert_max_num_queries):
    metro = Government.objects.get(region_id="18.72")
    bnn = Agency.objects.get(government=metro, acronym="BNN Kota Metro")
    client = login("sekretariat")
    page = client.get("/tes-urine/", {"year": "2024", "agency": bnn.pk}).content.decode()
    expected = UrineTestCampaign.objects.filter(agency=bnn, held_on__year=2024)
    assert "Total per instansi pelaksana" in page
    assert f">{sum(c.tested for c in expected)}<" in page  # the BNN total of 2024 (151 officials and the make-up test)
    export = client.get("/tes-urine/", {"year": "2024", "agency": bnn.pk, "export": "csv"})
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0] == "Tanggal,Tempat,Kelompok,Dites,Positif,Dirujuk,Oleh"
    assert len(rows) == expected.count() + 1
    searched = client.get("/tes-urine/", {"q": "SMA Negeri 1"}).content.decode()
    assert "SMA Negeri 1 Metro" in searched and "SMP Negeri 3 Metro" not in searched
    with django_assert_max_num_queries(16):
        client.get("/tes-urine/")
    for _ in range(15):
        UrineTestCampaign.objects.create(
            government=metro, agency=bnn, host_name="Kantor uji", held_on="2024-05-02", group="pekerja", tested=3,
            created_by=User.objects.get(username="bnn"),
        )  # fmt: skip
    with django_assert_max_num_queries(16):
        client.get("/tes-urine/")
