import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalize_name(text: str) -> str:
    """Lower-case, accents and punctuation removed, single spaces: "Bu Nuapu’u" → "bu nuapuu"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("’", "").replace("'", "").replace("`", "")
    return _NOT_WORD.sub(" ", plain).strip()


def name_words(text: str) -> list[str]:
    """The indexed words of a name; a name of several words also gets them joined, since spellings vary
    ("Iring Mulyo" is often written "Iringmulyo")."""
    words = normalize_name(text).split()
    if len(words) > 1:
        words.append("".join(words))
    return list(dict.fromkeys(words))
