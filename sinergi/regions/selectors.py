"""Reads of the region master data. Regions are public reference data: every signed-in user may read them."""

import re

from django.db.models import QuerySet
from django.http import Http404

from sinergi.core.scope import subtree_q
from sinergi.regions.models import Region, RegionWord
from sinergi.regions.text import normalize_name

CODE_PATTERN = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def _after_prefix(word: str) -> str | None:
    """The smallest string above every string that starts with ``word`` (words hold only 0-9 and a-z)."""
    chars = list(word)
    while chars:
        last = chars.pop()
        if last == "9":
            return "".join(chars) + "a"
        if last != "z":
            return "".join(chars) + chr(ord(last) + 1)
    return None


def region_get(*, code: str) -> Region:
    try:
        return Region.objects.select_related("parent__parent__parent").get(code=code)
    except Region.DoesNotExist as exc:
        raise Http404 from exc


def region_ancestors(*, region: Region) -> list[Region]:
    chain, node = [], region.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def region_children(*, code: str) -> QuerySet:
    return Region.objects.filter(parent_id=code, is_current=True).order_by("code")


def region_search(*, q: str = "", level: int | None = None, within: str | None = None) -> QuerySet:
    """Regions whose name has words starting with every word of ``q`` (case and accents ignored), or by code.

    Each word is a range over the indexed ``RegionWord.word`` column, so the search never scans the table.
    """
    qs = Region.objects.filter(is_current=True).select_related("parent__parent")
    q = (q or "").strip()
    if CODE_PATTERN.match(q):
        qs = qs.filter(subtree_q("code", q))
    elif q:
        words = normalize_name(q).split()
        if not words:
            return qs.none()
        for word in words:
            bound = {"word__gte": word}
            upper = _after_prefix(word)
            if upper:
                bound["word__lt"] = upper
            qs = qs.filter(code__in=RegionWord.objects.filter(**bound).values("region_id"))
    if level:
        qs = qs.filter(level=level)
    if within:
        qs = qs.filter(subtree_q("code", within))
    return qs.order_by("level", "search_name", "code")
