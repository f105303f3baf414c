"""The test-only line's routes and its persona (an inspector of its own body in 东河区) in the permission matrix."""

from django.urls import reverse

from fazhi.accounts.models import Membership, Organisation, User
from fazhi.tests.matrix import ADMIN_ONLY, READ, Persona, Route, api
from fazhi.tests.sampleline.choices import LINE, LineRole, OrganisationKind


def inspector(people) -> User:
    """示例核查员 of 东河区示例办理中心 (a body of the line's own kind under 东河区司法局)."""
    bureau = Organisation.objects.get(name="东河区司法局")
    office, _ = Organisation.objects.get_or_create(
        name="东河区示例办理中心",
        region=bureau.region,
        defaults={"short_name": "东", "kind": OrganisationKind.SAMPLE_OFFICE, "parent": bureau},
    )
    user, _ = User.objects.get_or_create(username="sample_inspector", defaults={"full_name": "陈核查"})
    Membership.objects.get_or_create(
        user=user, organisation=office, role=LineRole.INSPECTOR, defaults={"lines": [LINE]}
    )
    return user


# On the kernel's routes the inspector is like the city leader: the matrix case lies in their region, but it
# belongs to another organisation, so they see it and may take no step on it.
PERSONAS = (Persona("sample_inspector", inspector, like="leader"),)

ROUTES = {
    "sample_line:case_list": Route(
        "get", lambda c: reverse("sample_line:case_list"), {**READ, "sample_inspector": 200}
    ),
    "sample_line:inspection": Route(
        "get", lambda c: reverse("sample_line:inspection"), {**ADMIN_ONLY, "sample_inspector": 200}
    ),
    "sample-line-cases": Route("get", lambda c: reverse("sample-line-cases"), api({**READ, "sample_inspector": 200})),
}
