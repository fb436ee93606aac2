"""Pages of the planning app: plans, actions, indicators, coverage, comparison and the national catalogue."""
