"""Demo plans for Kota Metro: the actions (``actions``) and the plans built from them (``plans``)."""

from sinergi.demo.planning.plans import demo_plans

__all__ = ["demo_plans"]
