from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.apitypes import LimitOffset, Line
from sinergi.regions.models import Region
from sinergi.regions.selectors import region_ancestors, region_children, region_get, region_search

router = Router(tags=["wilayah"])


class RegionOut(Schema):
    code: str
    name: str
    label: str
    level: int
    kind: str
    parent_code: str | None = Field(None, alias="parent_id")
    postal_code: str


class RegionDetail(RegionOut):
    ancestors: list[RegionOut]
    children_count: int


class RegionFilters(Schema):
    q: Line = Field(
        "", max_length=100, description="Words of the name (any order, case and accents ignored) or a code."
    )
    level: int | None = Field(None, ge=1, le=4)
    within: Line | None = Field(None, max_length=13, description="Only regions inside this code.")


@router.get("", response=list[RegionOut], summary="Search regions")
@paginate(LimitOffset)
def list_regions(request, filters: Query[RegionFilters]):
    return region_search(q=filters.q, level=filters.level, within=filters.within)


@router.get("/{code}", response=RegionDetail, summary="One region with its ancestors")
def get_region(request, code: Line):
    region = region_get(code=code)
    region.ancestors = region_ancestors(region=region)
    region.children_count = Region.objects.filter(parent_id=region.code, is_current=True).count()
    return region


@router.get("/{code}/children", response=list[RegionOut], summary="The regions directly below one region")
@paginate(LimitOffset)
def list_children(request, code: Line):
    region_get(code=code)
    return region_children(code=code)
