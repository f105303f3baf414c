"""Staff login in two steps: password, then a TOTP code (or a recovery code); first-time enrolment; lockout page."""

from __future__ import annotations

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from fazhi.accounts import twofactor
from fazhi.accounts.access import is_staff_member
from fazhi.accounts.forms import CodeForm, LoginForm

EXPIRED_MESSAGES = {
    "idle": "长时间未操作，已自动退出，请重新登录。",
    "age": "登录已超过有效期，请重新登录。",
}


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("登录失败次数过多，该账户已被锁定%(minutes)d分钟，请稍后再试；如需提前解锁，请联系系统管理员。") % {
        "minutes": minutes
    }


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page with the lockout message (429), or JSON for the API."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        logout(request)  # a lockout on the code step ends the half-logged-in session
    context = {"form": LoginForm(request), "locked": lockout_message(), "next": _next_url(request, default="")}
    return render(request, "accounts/login.html", context, status=429)


def _next_url(request, default: str | None = None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL) if default is None else default


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _count_failure(request, user) -> None:
    """A wrong code counts like a wrong password (django-axes: same user, same address)."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def _reset_failures(request, user) -> None:
    AxesProxyHandler.reset_attempts(username=user.get_username(), ip_address=get_client_ip_address(request))


class LoginView(auth_views.LoginView):
    """Step 1: user name and password. Staff then go to the code step (or enrolment); citizens are done."""

    template_name = "accounts/login.html"
    form_class = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = EXPIRED_MESSAGES.get(self.request.GET.get("expired", ""), "")
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if not twofactor.needs_second_factor(user):
            _reset_failures(self.request, user)
            return response
        step = "verify" if twofactor.confirmed_totp(user) is not None else "enrol"
        return HttpResponseRedirect(_with_next(reverse(f"accounts:{step}"), self.get_success_url()))


@method_decorator([never_cache, sensitive_post_parameters("otp_token")], name="dispatch")
class _SecondStep(LoginRequiredMixin, View):
    """Shared by the code and enrolment steps: staff only, not yet verified, not locked out."""

    template_name = ""
    has_device = True  # the step for users who have a confirmed TOTP device (verify) or not yet (enrol)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not twofactor.needs_second_factor(request.user) or twofactor.is_verified(request.user):
            return redirect(_next_url(request))
        if AxesProxyHandler.is_locked(request, {"username": request.user.get_username()}):
            return lockout_response(request)
        if (twofactor.confirmed_totp(request.user) is not None) != self.has_device:
            other = "enrol" if self.has_device else "verify"
            return redirect(_with_next(reverse(f"accounts:{other}"), _next_url(request, "")))
        return super().dispatch(request, *args, **kwargs)

    def refuse(self, request, form, message: str, *, count: bool = True, **context):
        if count:
            _count_failure(request, request.user)
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request)
        form.add_error("otp_token", message)
        return self.render(request, form, **context)

    def done(self, request, device):
        twofactor.mark_verified(request, device)
        _reset_failures(request, request.user)

    def render(self, request, form, **context):
        return render(request, self.template_name, {"form": form, "next": _next_url(request, ""), **context})


class VerifyView(_SecondStep):
    """Step 2: the 6-digit code of the user's authenticator app, or one of their recovery codes."""

    template_name = "accounts/verify.html"
    has_device = True

    def get(self, request):
        return self.render(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render(request, form)
        wait = twofactor.throttled_seconds(request.user)
        if wait:
            return self.refuse(request, form, _("尝试过于频繁，请%(s)d秒后再试。") % {"s": wait}, count=False)
        device = twofactor.verify_code(request.user, form.cleaned_data["otp_token"])
        if device is None:
            return self.refuse(request, form, _("验证码不正确或已使用，请重新输入。"))
        self.done(request, device)
        return redirect(_next_url(request))


class EnrolView(_SecondStep):
    """First login of a staff member: scan the QR code (or type the secret), confirm one code, get recovery codes."""

    template_name = "accounts/enrol.html"
    has_device = False

    def render(self, request, form, **context):
        device = twofactor.session_totp(request.session, request.user)
        if device is None:  # this session's first view (or its device was replaced by another session's)
            device = twofactor.start_totp(request.session, request.user)
        context |= {"qr_svg": twofactor.qr_svg(device), "secret": twofactor.secret_text(device)}
        return super().render(request, form, **context)

    def get(self, request):
        return self.render(request, CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render(request, form)
        with transaction.atomic():
            device = twofactor.session_totp(request.session, request.user, lock=True)
            if device is None:  # only the device whose secret this session was shown can be confirmed here
                message = _("该二维码已失效，请用手机重新扫描本页的新二维码（或输入新的密钥）后再输入验证码。")
                return self.refuse(request, form, message, count=False)
            wait = twofactor.wait_seconds(device)
            if wait:
                return self.refuse(request, form, _("尝试过于频繁，请%(s)d秒后再试。") % {"s": wait}, count=False)
            code = twofactor.normalise(form.cleaned_data["otp_token"])
            if not (code.isdigit() and device.verify_token(code)):
                return self.refuse(request, form, _("验证码不正确，请核对手机上显示的6位数字后重新输入。"))
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            twofactor.end_enrolment(request.session, request.user)
            codes = twofactor.issue_recovery_codes(request.user)
        self.done(request, device)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@login_required
def guide(request):
    """Where a signed-in user with no staff role (a citizen, a member whose memberships ended) should go instead:
    this platform is the bureau's workbench; the public's way in is the 12348 hotline and the service centres."""
    return render(request, "accounts/guide.html", {"is_staff": is_staff_member(request.user)})


def guide_response(request, status: int = 403):
    """The guide page as the answer to a staff page asked for by a user with no staff role (cases.views)."""
    return render(request, "accounts/guide.html", {"is_staff": False, "refused": True}, status=status)
