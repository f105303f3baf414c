"""The line's pages: the intake form refuses a malformed request in Chinese and keeps the input; a request registered
opens its case page; the period list says which period applies and where it comes from."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.legality.models import ReviewPeriod

pytestmark = pytest.mark.django_db


def test_a_malformed_request_is_refused_with_its_input_kept(baotou, login):
    client = login(baotou["legality_clerk"])
    response = client.post(
        reverse("legality:intake"), {"kind": "contract", "title": "供热协议", "received_on": "2024-13-01"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "申请未登记" in page
    assert "日期格式应为 YYYY-MM-DD。" in page and "请填写此项。" in page and 'value="供热协议"' in page
    assert not Case.objects.exists()


def test_a_request_registered_opens_its_case(baotou, login):
    client = login(baotou["legality_clerk"])
    form = {
        "kind": "normative_document",
        "title": "包头市公共停车管理办法（送审稿）",
        "requesting_body": "包头市城市管理综合执法局",
        "received_on": "2024-03-04",
        "channel": "walk_in",
        "organisation": client.get(reverse("legality:intake")).context["form"].fields["organisation"].initial.pk,
    }
    response = client.post(reverse("legality:intake"), form, follow=True)
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == reverse("cases:case_detail", args=[case.pk])
    page = response.content.decode()
    assert "已登记合法性审核申请：包审〔2024〕1号" in page and "审核事项：行政规范性文件" in page
    listed = client.get(reverse("legality:review_list"), {"kind": "normative_document"}).content.decode()
    assert "包审〔2024〕1号" in listed
    assert "包审〔2024〕1号" not in client.get(reverse("legality:review_list"), {"kind": "contract"}).content.decode()


def test_the_periods_page_shows_the_local_period_and_the_defaults(baotou, login):
    ReviewPeriod.objects.create(
        region_id="150200000000", kind="contract", working_days=7, basis="包头市政府合同管理办法"
    )
    page = login(baotou["legality_head"]).get(reverse("legality:periods")).content.decode()
    assert "包头市政府合同管理办法" in page and "<td>7</td>" in page
    assert "<td>15</td>" in page and "默认期限" in page and "依据尚待核实" in page
