"""People, officers and certificates for the network's tests, made through the services (not the demo)."""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.accounts.models import Membership, Organisation, OrganisationKind, User
from fazhi.core.validators import id_number_check_char
from fazhi.enforcement import services
from fazhi.enforcement.choices import CertificateKind
from fazhi.enforcement.models import Certificate, Officer

CITY, DONGHE, KUNDULUN = "150200000000", "150202000000", "150203000000"


def keeper(username: str, organisation: str = "东河区司法局", role: str = "supervisor") -> User:
    """A member of `organisation` holding `role` on the supervision line."""
    user = User.objects.create_user(username=username, password="x", full_name="郭监督")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(name=organisation), role=role, lines=["supervision"]
    )
    return user


def agency(name: str = "东河区市场监督管理局", region: str = DONGHE) -> Organisation:
    return Organisation.objects.get_or_create(
        name=name, region_id=region, defaults={"short_name": "东", "kind": OrganisationKind.ENFORCEMENT_AGENCY}
    )[0]


def id_number(seq: int, region6: str = "150202") -> str:
    first17 = f"{region6}19850312{seq:03d}"
    return first17 + id_number_check_char(first17)


def an_officer(seq: int = 1, unit: Organisation | None = None, name: str = "韩执法") -> Officer:
    unit = unit or agency()
    return services.officer_register(
        actor=None, name=name, id_number=id_number(seq, unit.region_id[:6]), organisation=unit
    )


def issued(
    officer: Officer | None = None,
    *,
    kind: str = CertificateKind.SUPERVISION,
    applied: date | None = None,
    on: date = date(2023, 3, 1),
    valid_to: date = date(2028, 2, 28),
    number: str = "JD2300001",
) -> Certificate:
    """A certificate walked through 申领 → 培训考试 → 审核 → 制发 by the system (actor None)."""
    officer = officer or an_officer()
    applied = applied or on - timedelta(days=60)
    cert = services.certificate_apply(actor=None, officer=officer, kind=kind, applied_on=applied)
    move = services.certificate_move
    move(actor=None, certificate=cert, code="train", on=applied, data={"training_hours": "48", "exam_score": 85})
    move(actor=None, certificate=cert, code="approve", on=applied, data={})
    return move(
        actor=None,
        certificate=cert,
        code="issue",
        on=on,
        data={"number": number, "valid_from": on, "valid_to": valid_to},
    )
