"""What every staff page's header needs."""

from __future__ import annotations


def navigation(request) -> dict:
    """Whether the user holds the case management office's role somewhere: intake and process
    monitoring are its pages (Rules arts. 156-158, 664-665), shown to it only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .selectors import is_case_manager

    return {"nav_case_manager": is_case_manager(user)}
