"""Entries, agencies and workbooks for the register's tests."""

from __future__ import annotations

import io
from datetime import date

from fazhi.accounts.models import Organisation
from fazhi.lenient.choices import Domain, LenientPenaltyKind
from fazhi.lenient.models import AgencyDomain, ListEntry

HEADER = ["执法机关", "决定书文号", "决定日期", "清单事项编号", "当事人类型", "免罚或减罚金额（元）"]


def entry(code: str = "SJ-001", *, domain: str = Domain.MARKET_REGULATION, region: str = "150200000000", **kw):
    defaults = {
        "issuer": "包头市市场监督管理局",
        "conduct": "未按规定公示营业执照",
        "legal_basis": "《市场主体登记管理条例》第四十八条",
        "conditions": "首次违法且危害后果轻微并及时改正",
        "kind": LenientPenaltyKind.NO_PENALTY,
        "effective_from": date(2023, 1, 1),
    }
    return ListEntry.objects.create(region_id=region, code=code, domain=domain, **(defaults | kw))


def agency(name: str = "包头市市场监督管理局", region: str = "150200000000", domains=(Domain.MARKET_REGULATION,)):
    found, _ = Organisation.objects.get_or_create(
        name=name, region_id=region, defaults={"short_name": name[:1], "kind": "enforcement_agency"}
    )
    for d in domains:
        AgencyDomain.objects.get_or_create(agency=found, domain=d)
    return found


def workbook(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
