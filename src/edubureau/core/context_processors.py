from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from edubureau.core.navigation import MENU


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu groups and items the current user may open, with the active item marked."""
    user = request.user
    if not user.is_authenticated:
        return {"menu": []}
    groups = []
    for group in MENU:
        items = []
        for item in group.items:
            if item.permission and not user.has_perm(item.permission):
                continue
            url = reverse(item.url_name, args=item.args)
            active = request.path == url or (url != "/" and request.path.startswith(url))
            items.append({"label": item.label, "url": url, "active": active})
        if items:
            groups.append({"label": group.label, "items": items})
    return {"menu": groups}
