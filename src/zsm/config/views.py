"""The start: every role lands on its working list (`navigation.START_PAGES`); the overview shows the tiles."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from zsm.config.navigation import start_page


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the working list of the user's role (the board, the day, the queue …), else the tiles."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    name = start_page(request.user)
    if name is not None:
        return redirect(name)
    return render(request, "common/home.html")


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """What this user's role lets them use (the navigation, as tiles), whatever their start page is."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "common/home.html")
