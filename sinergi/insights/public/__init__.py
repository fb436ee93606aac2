"""The public transparency page of a government: its settings (the secretariat) and the page itself (anyone, no
sign-in), approved aggregates only, with the kelurahan map of ``insights.maps``.

Part of the ``insights`` app: ``insights/models.py`` imports the model, so it keeps the ``insights`` label."""
