"""Sinergi P4GN: plan, run, monitor and report the Regional Action Plan against drugs (RAD P4GN)."""
