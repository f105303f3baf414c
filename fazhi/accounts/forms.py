"""Login steps: the password form, and the one field for a TOTP or recovery code."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确，请重新输入。"),
        "inactive": _("该账户已停用。"),
    }


class CodeForm(forms.Form):
    """`otp_token`: a 6-digit code from the authenticator app, or (on the verify step) a recovery code."""

    otp_token = forms.CharField(
        label=_("验证码"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )
