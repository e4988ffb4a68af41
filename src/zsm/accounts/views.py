"""Login, logout, the second factor and one's own account."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from typing import Any
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from zsm.accounts.forms import LOGIN_FAILED, LoginForm, MembershipChoiceForm, TokenForm
from zsm.accounts.selectors import membership_list_for_user
from zsm.accounts.services import (
    membership_choose,
    second_factor_verify,
    totp_device_register,
    totp_key_new,
    user_login,
    user_logout,
)
from zsm.common.exceptions import ApplicationError

SESSION_TOTP_KEY = "zsm_totp_pending_key"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user_login(request=self.request, user=form.get_user())
        return HttpResponseRedirect(self.get_success_url())


def lockout(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes calls this once an account has too many failed logins."""
    form = LoginForm(request)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked_out": True, "login_failed": LOGIN_FAILED},
        status=429,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    user_logout(request=request)
    messages.success(request, _("You have logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _totp_qr_svg(request: HttpRequest, key: str) -> tuple[str, str]:
    secret = b32encode(unhexlify(key)).decode().rstrip("=")
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{request.user.get_username()}")
    uri = f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&digits=6&period=30"
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode"), secret


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Register an authenticator app. Replacing one needs the current one first."""
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if has_device and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:mfa_verify")
    key = request.session.get(SESSION_TOTP_KEY) or totp_key_new()
    request.session[SESSION_TOTP_KEY] = key
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp_device_register(request=request, key=key, token=form.cleaned_data["token"])
        except ApplicationError as error:
            for field, errors in error.field_errors.items():
                for message in errors:
                    form.add_error(field, message)
        else:
            del request.session[SESSION_TOTP_KEY]
            messages.success(request, _("Your authenticator app is registered."))
            return redirect(_next_url(request))
    qr_svg, secret = _totp_qr_svg(request, key)
    return render(
        request,
        "accounts/mfa_setup.html",
        # The SVG is our own qrcode output (paths only), so it is safe to place inline.
        {"form": form, "qr_svg": mark_safe(qr_svg), "secret": secret, "next": _next_url(request)},  # noqa: S308
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:mfa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor_verify(request=request, token=form.cleaned_data["token"])
        except ApplicationError as error:
            form.add_error("token", error.field_errors.get("token", [error.message])[0])
        else:
            return redirect(_next_url(request))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": membership_list_for_user(user=request.user),
            "has_second_factor": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        },
    )


@require_POST
@login_required
def membership_switch(request: HttpRequest) -> HttpResponse:
    form = MembershipChoiceForm(request.POST)
    if form.is_valid():
        try:
            membership = membership_choose(request=request, membership_id=form.cleaned_data["membership"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You now work as %(membership)s.") % {"membership": membership})
    return redirect("accounts:account")
