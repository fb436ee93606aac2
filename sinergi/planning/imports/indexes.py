"""The government's agencies and places by name, loaded once per file: to read names in rows and to write them."""

from django.utils.translation import gettext as _

from sinergi.organizations.models import Agency
from sinergi.planning.models import RegionalPlan
from sinergi.regions.models import Region
from sinergi.regions.text import normalize_name


class _AgencyIndex:
    """The government's agencies by normalised name and acronym (one query)."""

    def __init__(self, plan: RegionalPlan):
        self.by_key: dict[str, list[Agency]] = {}
        for agency in Agency.objects.filter(government_id=plan.government_id).select_related("successor"):
            for key in {normalize_name(agency.name), normalize_name(agency.acronym)} - {""}:
                self.by_key.setdefault(key, []).append(agency)

    def find(self, text: str) -> tuple[Agency | None, str | None]:
        found = self.by_key.get(normalize_name(text), [])
        current = [a for a in found if a.is_active]
        if len(current) == 1:
            return current[0], None
        if current:
            return None, _("“%(name)s” matches several agencies; write the full name.") % {"name": text}
        if found and found[0].successor:
            return None, _("%(name)s has ended; it was succeeded by %(successor)s.") % {
                "name": found[0].name,
                "successor": found[0].successor.name,
            }
        if found:
            return None, _("%(name)s has ended.") % {"name": found[0].name}
        return None, _("Unknown agency: %(name)s.") % {"name": text}


class _RegionIndex:
    """The kecamatan and kelurahan/desa (and, for a province, kabupaten/kota) inside the government (one query)."""

    def __init__(self, plan: RegionalPlan):
        root = plan.government.region_id
        self.root_names = {normalize_name(plan.government.region.name)}
        self.regions = list(Region.objects.filter(code__gt=root + ".", code__lt=root + "/", is_current=True))
        self.by_code = {r.code: r for r in self.regions}
        self.by_key: dict[str, list[Region]] = {}
        for region in self.regions:
            for name in {normalize_name(region.name), normalize_name(region.label)}:
                for key in {name, name.replace(" ", "")}:
                    self.by_key.setdefault(key, []).append(region)

    @staticmethod
    def _normalise(text: str) -> str:
        key = normalize_name(text)
        for short, long in (("kec ", "kecamatan "), ("kel ", "kelurahan "), ("ds ", "desa ")):
            if key.startswith(short):
                key = long + key[len(short) :]
        return key

    def find(self, text: str) -> tuple[Region | None, str | None]:
        if text in self.by_code:
            return self.by_code[text], None
        key = self._normalise(text)
        found = self.by_key.get(key) or self.by_key.get(key.replace(" ", ""), [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, _("“%(name)s” matches several places; write its Kemendagri code.") % {"name": text}
        return None, _("Unknown location: %(name)s.") % {"name": text}

    def written(self, region: Region) -> str:
        """How the template writes a location: its label, or its code where the label is ambiguous."""
        return region.label if len(self.by_key.get(normalize_name(region.label), [])) == 1 else region.code
