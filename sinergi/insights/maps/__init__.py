"""The kelurahan map: a government's uploaded kelurahan/desa boundaries and the choropleth or tile grid drawn from
the semester roll-ups (models, selectors, services, views, urls; ``geojson`` reads and simplifies the uploads).

Part of the ``insights`` app: ``insights/models.py`` imports the models, so they keep the ``insights`` label."""
