"""A web process's start-up objects, moved out of the garbage collector's way.

Django, its apps, URL patterns and translations leave about 160,000 objects that live as long
as the process. Every full collection walked them all: one request in fifty took 100 to 130 ms
longer on the CRM's search pages (the p95 of issue #14's benchmark). Frozen after start-up,
they are never walked again; objects made while serving are collected as before."""

import gc


def settle() -> None:
    """Collect what start-up left behind, then freeze the rest (call once, after set-up)."""
    gc.collect()
    gc.freeze()
