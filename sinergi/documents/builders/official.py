"""What every official document's builder takes from the issuing government: its kop surat as the engine's
``Letterhead`` and its signatory as the engine's ``Signature`` (one place, so the four documents cannot drift)."""

from sinergi.documents import rad_matrix
from sinergi.documents.engine.model import Letterhead, Signature


def letterhead(kop: rad_matrix.Letterhead) -> Letterhead:
    """The kop surat in the model: the government's name, then its address and contacts, and its logo."""
    lines = tuple(line for line in (kop.address, kop.contacts) if line)
    return Letterhead(name=kop.name, lines=lines, logo=kop.logo_path)


def government_letterhead(government) -> Letterhead:
    """The government's kop surat in the model, read from the government (``rad_matrix.letterhead_of``)."""
    return letterhead(rad_matrix.letterhead_of(government))


def signature(
    signatory: rad_matrix.Signatory, *, role: str = "", with_date: bool = True, position_below: bool = False
) -> Signature:
    """The signatory's signature: place and date (unless the letter states them at its top), role (default: the
    signatory's position), name (the engine writes "( … )" to sign over when none is configured), then the NIP, or
    the position again when ``position_below`` (as under the chair's name in minutes)."""
    id_line = signatory.position if position_below else (f"NIP. {signatory.nip}" if signatory.nip else "")
    return Signature(
        role=role or signatory.position,
        name=signatory.name,
        place_and_date=signatory.place_and_date if with_date else "",
        id_line=id_line,
    )
