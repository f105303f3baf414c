"""The network's pages show labels, never codes or English words (the project's leak scan, fazhi/tests/leaks.py):
the lists, a certificate with its whole history and its move forms, a refused move, the forms, the public page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.accounts.models import Organisation
from fazhi.enforcement import services
from fazhi.enforcement.tests.factories import an_officer, issued
from fazhi.tests.leaks import leaks_in_page, report

pytestmark = pytest.mark.django_db


def test_the_pages_show_labels_never_codes(baotou, login):
    clerk = baotou["supervision_clerk"]
    cert = issued(an_officer(1), number="150224900001")
    move = services.certificate_move
    move(
        actor=clerk,
        certificate=cert,
        code="annual_review",
        on=date(2024, 3, 2),
        data={"training_hours": 16, "note": "合格"},
    )
    move(actor=clerk, certificate=cert, code="suspend", on=date(2024, 4, 1), data={"reason": "暂扣待查"})
    move(actor=clerk, certificate=cert, code="reinstate", on=date(2024, 5, 1), data={"reason": "发还"})
    move(
        actor=clerk,
        certificate=cert,
        code="renew",
        on=date(2024, 6, 1),
        data={"number": "150224900002", "valid_to": "2029-05-31"},
    )
    pending = services.certificate_apply(
        actor=clerk, officer=an_officer(2), kind="enforcement", applied_on=date(2024, 1, 2)
    )
    services.body_register(
        actor=clerk,
        name="东河区行政执法监督机构",
        host=Organisation.objects.get(name="东河区司法局"),
        established_on=date(2024, 1, 2),
    )
    client = login(clerk)
    found = {}
    for url in [
        reverse("enforcement:certificate_list"),
        reverse("enforcement:certificate_list") + "?kind=supervision&state=valid",
        reverse("enforcement:certificate_detail", args=[cert.pk]),
        reverse("enforcement:certificate_detail", args=[pending.pk]),
        reverse("enforcement:expiring"),
        reverse("enforcement:officer_list"),
        reverse("enforcement:officer_detail", args=[cert.officer_id]),
        reverse("enforcement:officer_register"),
        reverse("enforcement:body_list") + "?tier=county&on=2024-06-01",
        reverse("enforcement:body_register"),
        reverse("enforcement:figure_records", args=["certified_supervisors"])
        + "?start=2024-01-01&end=2024-12-31&region=150200000000",
        reverse("enforcement:figure_records", args=["supervision_bodies_county"])
        + "?start=2024-01-01&end=2024-12-31&region=150200000000",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = leaks_in_page(response.content)
    refused = client.post(
        reverse("enforcement:certificate_move", args=[pending.pk, "issue"]), {"issue-on": "2024-01-03"}
    )
    assert refused.status_code == 400
    found["refused move"] = leaks_in_page(refused.content)
    bad_form = client.post(reverse("enforcement:officer_register"), {"name": "", "id_number": "123"})
    assert bad_form.status_code == 400
    found["bad form"] = leaks_in_page(bad_form.content)
    cert.refresh_from_db()  # the renewal gave the card a new token
    public = login(None).get(reverse("enforcement:verify", args=[cert.token]))
    assert public.status_code == 200
    found["public"] = leaks_in_page(public.content)
    assert not any(found.values()), report(found)
