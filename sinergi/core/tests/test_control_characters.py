"""Issue 13 §3: control characters are refused in every form of the project, not only the meeting forms — they are
invisible on screen and break the documents the text ends up in. One rule (``ControlCharactersMixin``) on every
form that has a text field; the page answers with the field's error and writes nothing."""

import importlib
import inspect
import pkgutil

from django import forms

import sinergi
from sinergi.core.forms import ControlCharactersMixin
from sinergi.programmes.models import Event
from sinergi.programmes.tests.test_pages import _event_form

# Sign-in keeps Django's own form: a password is compared, never stored or printed.
EXEMPT = {"sinergi.accounts.forms.LoginForm"}


def _project_forms():
    for info in pkgutil.walk_packages(sinergi.__path__, "sinergi."):
        if ".tests" in info.name or ".migrations" in info.name or ".management" in info.name:
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                yield obj


def test_every_form_with_a_text_field_refuses_control_characters():
    forms_with_text = [
        form
        for form in _project_forms()
        if any(isinstance(field, forms.CharField) for field in form.base_fields.values())
    ]
    assert len(forms_with_text) > 25
    missing = [
        f"{form.__module__}.{form.__name__}"
        for form in forms_with_text
        if not issubclass(form, ControlCharactersMixin) and f"{form.__module__}.{form.__name__}" not in EXEMPT
    ]
    assert missing == []


def test_an_event_title_with_a_control_character_is_refused_on_the_page(login):
    client = login("kel.iringmulyo")
    response = client.post("/kegiatan/baru/", _event_form(title="Sosialisasi\x01 P4GN di RW 03"))
    assert response.status_code == 200
    assert "karakter kontrol" in response.content.decode().lower()
    assert not Event.objects.filter(title__startswith="Sosialisasi").filter(title__contains="RW 03").exists()
