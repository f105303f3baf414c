"""Staff second factor: who needs it, TOTP devices, recovery codes, and marking a session verified (django-otp)."""

from __future__ import annotations

import hashlib
import io
from base64 import b32encode

import django_otp
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.accounts.access import is_staff_member

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
# Devices the demo loader made, with a secret derived from the username. Only these may have their current code
# printed by `manage.py otp_code`; a device a real user enrolled never can.
DEMO_DEVICE_NAME = "演示验证器"  # the demo personas' pre-bound device (it was "demo" before 2026-12)
OLD_DEMO_DEVICE_NAME = "demo"
# The session key holding the id of the TOTP device this session is enrolling.
ENROL_SESSION_KEY = "fazhi_enrol_device"


def needs_second_factor(user) -> bool:
    """Staff (any active membership, is_staff or superuser) must pass a second factor; citizens are not asked."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or is_staff_member(user))


def is_verified(user) -> bool:
    """Whether this request's session passed the second factor (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("id").first()


def _lock_user(user) -> None:
    """Enrolments of one user, started or confirmed at the same moment in two sessions, take turns (PostgreSQL)."""
    model = get_user_model()
    list(model.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


def session_totp(session, user, *, lock: bool = False) -> TOTPDevice | None:
    """The unconfirmed device this session is enrolling (kept across its page reloads), or None. lock=True (inside
    a transaction) for confirming it.

    Only the session that started an enrolment is shown its secret and may confirm it: someone else who knows the
    password gets a device of their own (see start_totp), never the one the real user scans.
    """
    device_id = session.get(ENROL_SESSION_KEY)
    if device_id is None:
        return None
    if lock:
        _lock_user(user)
    return TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()


@transaction.atomic
def start_totp(session, user) -> TOTPDevice:
    """A new unconfirmed device for this session; any other unconfirmed device of the user (another session's
    enrolment, whose secret that session has seen) is deleted and can no longer be confirmed."""
    _lock_user(user)
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=False)
    session[ENROL_SESSION_KEY] = device.pk
    return device


def end_enrolment(session, user) -> None:
    """After confirmation: no unconfirmed device is left and the session forgets the enrolment."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    session.pop(ENROL_SESSION_KEY, None)


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret to type into an authenticator app, in groups of four."""
    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of the device as an inline SVG QR code (drawn locally, nothing fetched)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration: it is inlined in the page


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def issue_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ten new ones; each works once. Returned to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def wait_seconds(device) -> int:
    """Seconds until django-otp's throttle lets this device check a code again (0: now)."""
    allowed, info = device.verify_is_allowed()
    if allowed or not info or not info.get("locked_until"):
        return 0
    return max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)


def throttled_seconds(user) -> int:
    """Seconds until every confirmed device of the user may check a code again (0: now)."""
    return max((wait_seconds(d) for d in django_otp.devices_for_user(user)), default=0)


def verify_code(user, code: str):
    """The device that accepts `code` (a 6-digit TOTP code, or a recovery code, used up), or None."""
    code = normalise(code)
    if not code:
        return None
    if code.isdigit():
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
    for device in devices:
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def mark_verified(request, device) -> None:
    """The session passed the second factor with `device`; a new session key guards against fixation."""
    request.session.cycle_key()
    django_otp.login(request, device)


def demo_key(username: str) -> str:
    """The deterministic TOTP secret (hex) of a demo persona: the demo's codes are reproducible, by design."""
    return hashlib.sha1(f"fazhi-demo-totp:{username}".encode()).hexdigest()


def ensure_demo_device(user) -> TOTPDevice:
    """A confirmed TOTP device named "demo" with the persona's deterministic secret (demo data only)."""
    devices = TOTPDevice.objects.filter(user=user, name__in=(DEMO_DEVICE_NAME, OLD_DEMO_DEVICE_NAME)).order_by("id")
    kept = next((d for d in devices if d.name == DEMO_DEVICE_NAME), None) or next(iter(devices), None)
    if kept is None:
        return TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=demo_key(user.username), confirmed=True)
    devices.exclude(pk=kept.pk).delete()  # a demo database from before the rename may hold both names
    if kept.name != DEMO_DEVICE_NAME:
        kept.name = DEMO_DEVICE_NAME
        kept.save(update_fields=["name"])
    return kept
