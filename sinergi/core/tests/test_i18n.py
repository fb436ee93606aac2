import ast
import gettext
import re
from pathlib import Path

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"


def _join(chunk: str) -> str:
    return "".join(ast.literal_eval(piece) for piece in re.findall(r'^".*"$', chunk, re.M))


def _po_entries():
    """(msgid, msgstr) pairs of the Indonesian catalogue, read without any third-party parser."""
    text = (CATALOG / "django.po").read_text()
    entries = []
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            entries.append(("FUZZY", block))
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            entries.append((_join(msgid.group(1)), _join(msgstr.group(1))))
    return [e for e in entries if e[0]]


def test_every_message_is_translated_into_indonesian():
    untranslated = [msgid for msgid, msgstr in _po_entries() if msgid == "FUZZY" or not msgstr]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    with (CATALOG / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in _po_entries():
        if "\x00" in msgid:
            continue
        assert compiled.gettext(msgid) == msgstr or compiled.ngettext(msgid, msgid, 1) == msgstr, msgid


def test_pages_are_in_indonesian_by_default_even_for_english_browsers(login):
    client = login("disdik")
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert "Beranda" in page and "Perangkat daerah" in page


def test_english_is_selectable(login):
    client = login("disdik")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Home" in page and "Agencies" in page
