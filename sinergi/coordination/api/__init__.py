"""The coordination API: task forces and their compositions, meetings and their record, follow-ups.

Reads are scoped like the pages (``selectors``); writes check ``rules`` (403 for what the caller may see but not
change). PATCH of a meeting or a follow-up takes the ``version`` the client read; a newer one answers 409.
Creating or changing a meeting answers ``warnings`` (e.g. another meeting in the same place at the same time).
"""

from ninja import Router

from sinergi.coordination.api import follow_ups, meetings, steps, task_forces

router = Router(tags=["koordinasi"])
# The workflow steps come last, so that the fixed paths of a meeting (/agenda, /attendance, /decisions) are
# matched first.
for module in (task_forces, meetings, follow_ups, steps):
    # The operationIds stay those of the single module this API once was: clients generated from the schema use them.
    for path_view in module.router.path_operations.values():
        for operation in path_view.operations:
            operation.operation_id = (
                operation.operation_id or f"sinergi_coordination_api_{operation.view_func.__name__}"
            )
    router.add_router("", module.router)
