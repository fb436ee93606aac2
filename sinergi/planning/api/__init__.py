"""The planning API: the national catalogue, regional plans (RAD), their actions and the actions' indicators."""

from ninja import Router

from sinergi.planning.api import actions, indicators, national, plans

router = Router(tags=["perencanaan"])
for module in (national, plans, actions, indicators):
    # The operationIds stay those of the single module this API once was: clients generated from the schema use them.
    for path_view in module.router.path_operations.values():
        for operation in path_view.operations:
            operation.operation_id = operation.operation_id or f"sinergi_planning_api_{operation.view_func.__name__}"
    router.add_router("", module.router)
