"""The documents 人民调解 issues, with the text of their built-in templates (人民调解法 2010: arts. 17, 26–33;
民事诉讼法 art. 205). Placeholders are those of `fazhi.documents.services.document_context`, the step's data and
this line's `context` below (the dispute in a few words, its type, how it came, the mediator).

The case title ("赵桂英因欠款发生纠纷") starts with the applicants' names; a document names the parties once, in
its party list or form row, and speaks of the dispute through `dispute` ("申请人因欠款发生纠纷").
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import Party
from fazhi.documents.kinds import DocumentKind, Each, If, Loop, Row, Section, Table, TemplateText
from fazhi.mediation.choices import REFERRALS, Source

LINE = "mediation"
_PML = "《中华人民共和国人民调解法》"
_PARTIES = "{% for p in parties %}{{ p.role }}：{{ p.name }}{% if not loop.last %}；{% endif %}{% endfor %}"


def context(doc) -> dict[str, Any]:
    """The placeholders this line adds: the dispute without the names the title begins with, its type, how it
    reached the committee (a tick in the registration form), the mediator and every party's name for a 主送."""
    case = doc.case
    detail = getattr(case, "mediation", None)
    parties = [p for p in case.parties.order_by("id") if p.role != Party.Role.AGENT]
    names = "、".join(p.name for p in parties if p.role == Party.Role.APPLICANT)
    title = case.title or ""
    dispute = f"申请人{title[len(names) :]}" if names and title.startswith(names) and title != names else title
    source = detail.source if detail else ""
    ticks = {
        "applied": source == Source.APPLICATION,
        "proactive": source == Source.PROACTIVE,
        "referred": source in REFERRALS,
    }
    received = case.events.filter(code="received").first()  # the summary the clerk recorded (services.py)
    summary = ((received.data or {}).get("summary", "") if received else "").strip().rstrip("。")
    agreed = case.events.filter(code__in=("agree_written", "agree_oral")).order_by("-on", "-id").first()
    effective = detail.agreement_effective_on if detail else None
    return {
        # what the agreement said, for a later document (the application for judicial confirmation)
        "terms": (agreed.data or {}).get("terms", "") if agreed else "",
        "agreement_effective_on": f"{effective.year}年{effective.month}月{effective.day}日" if effective else "",
        "dispute": dispute,
        # 纠纷简要情况 as recorded at registration; a case registered before it was kept falls back to the title
        "summary": summary or dispute,
        "dispute_type": str(detail.get_dispute_type_display()) if detail and detail.dispute_type else "纠纷",
        "source_boxes": "　".join(
            ("☑" if ticks[key] else "□") + label
            for key, label in (("applied", "当事人申请"), ("proactive", "主动调解"), ("referred", "委托移送"))
        ),
        "mediator": _mediator(case, detail),
        "everyone": "、".join(p.name for p in parties),
        "amount_in_dispute": f"{detail.amount:,.2f}".removesuffix(".00") if detail and detail.amount else "",
    }


def _mediator(case, detail) -> str:
    """The dispute's mediator, or the person who accepted it (a mediator's own record, else their full name)."""
    if detail and detail.mediator_id:
        return detail.mediator.name
    accepted = case.events.filter(code="accept").select_related("actor").first()
    actor = accepted.actor if accepted else None
    if actor is None:
        return ""
    own = getattr(actor, "mediator", None)  # Mediator.user is one-to-one
    return own.name if own is not None else actor.full_name


_FACTS = (
    "(facts or (dispute ~ '，属于' ~ dispute_type ~ "
    "('，涉及金额' ~ amount_in_dispute ~ '元' if amount_in_dispute else '') ~ '。'))"
)

KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "mediation_registration",
        _("人民调解受理登记表"),
        "登",
        LINE,
        TemplateText(
            (
                "根据" + _PML + "第十七条的规定，本委员会受理下列纠纷，登记如下：",
                Table(
                    (
                        Row("案件编号", "{{ case_number }}"),
                        Row("当事人", _PARTIES, lines=2),
                        Row("纠纷类型", "{{ dispute_type }}"),
                        Row(
                            "纠纷简要情况",
                            "{{ summary }}{% if amount_in_dispute %}，涉及金额{{ amount_in_dispute }}元{% endif %}",
                            lines=3,
                        ),
                        Row("受理方式", "{{ source_boxes }}"),
                        Row("收到日期", "{{ received_on }}"),
                        Row("受理日期", "{{ accepted_on or issued_on }}"),
                        Row("人民调解员", "{{ mediator }}"),
                        Row("登记人（签名）"),
                    )
                ),
                "当事人一方明确拒绝调解的，不得调解（该法第十七条）。本表与调解工作记录、调解协议书等材料一并立卷归档"
                "（该法第二十七条）。",
            ),
            addressee=None,
        ),
        context=context,
    ),
    DocumentKind(
        "mediation_agreement",
        _("人民调解协议书"),
        "协",
        LINE,
        TemplateText(
            (
                Section(_FACTS, lead="纠纷主要事实、争议事项及各方责任："),
                "经本委员会调解，各方当事人自愿达成如下协议：",
                Loop("terms"),
                If("agreement_amount", "协议金额共计{{ agreement_amount }}元。"),
                "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效，具有法律"
                "约束力，当事人应当按照约定履行；本委员会对协议的履行情况进行监督（"
                + _PML
                + "第二十九条、第三十一条）。",
                "当事人之间就本协议的履行或者内容发生争议的，一方当事人可以向人民法院提起诉讼（该法第三十二条）。"
                "双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认；人民法院确认本协议"
                "有效后，一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请强制执行（该法第三十三条）。",
            ),
            addressee="",
            signatures=("当事人（签名、盖章或者按指印）：", "人民调解员（签名）："),
        ),
        context=context,
    ),
    DocumentKind(
        "oral_agreement_record",
        _("口头调解协议登记表"),
        "口",
        LINE,
        TemplateText(
            (
                "经本委员会调解，当事人达成口头调解协议，认为无需制作调解协议书。根据" + _PML + "第二十八条的规定，"
                "人民调解员记录协议内容如下：",
                Table(
                    (
                        Row("案件编号", "{{ case_number }}"),
                        Row("当事人", _PARTIES, lines=2),
                        Row("纠纷简要情况", "{{ dispute }}（{{ dispute_type }}）", lines=2),
                        Row("协议内容（履行方式、期限）", "{{ terms|items|join('；') }}", lines=4),
                        Row("协议金额", "{% if agreement_amount %}{{ agreement_amount }}元{% else %}无{% endif %}"),
                        Row("达成协议日期", "{{ agreement_effective_on or issued_on }}"),
                        Row("当事人（签名、盖章或者按指印）", lines=2),
                        Row("人民调解员（签名）", "{{ mediator }}"),
                    )
                ),
                "口头调解协议自各方当事人达成协议之日起生效（该法第三十条），具有法律约束力，当事人应当按照约定履行；"
                "本委员会对协议的履行情况进行监督，督促当事人履行约定的义务（该法第三十一条）。",
            ),
            addressee=None,
        ),
        context=context,
    ),
    DocumentKind(
        "mediation_termination_notice",
        _("终止调解告知书"),
        "终",
        LINE,
        TemplateText(
            (
                "本委员会受理的{{ dispute_type }}（{{ case_number }}），经调解，{{ reasons }}，调解不成。根据"
                + _PML
                + "第二十六条的规定，本委员会决定终止调解。",
                "你们可以依法通过仲裁、行政、司法等途径维护自己的权利{% if routes %}：{{ routes }}{% endif %}。",
            ),
            addressee="{{ everyone }}：",
            closing="特此告知。",
        ),
        context=context,
    ),
    DocumentKind(
        "judicial_confirmation_application",
        _("司法确认申请书"),
        "确",
        LINE,
        TemplateText(
            (
                Each(
                    "p in parties if p.role != '代理人'", "申请人：{{ p.name }}"
                ),  # both sides apply jointly (art. 33)
                "请求事项：确认申请人之间经{{ organisation }}调解达成的调解协议有效。",
                "事实和理由：申请人之间的{{ dispute_type }}（{{ case_number }}），经{{ organisation }}主持调解，"
                "{% if agreement_effective_on %}于{{ agreement_effective_on }}{% endif %}自愿达成调解协议"
                "{% if terms %}，协议内容为：{{ terms|items|join('；') }}{% endif %}。根据"
                + _PML
                + "第三十三条第一款和《中华人民共和国民事诉讼法》第二百零五条的规定，双方当事人自调解协议生效之日起"
                "三十日内共同向你院申请司法确认。",
                "申请人保证：调解协议系出于解决纠纷的目的自愿达成，不损害国家利益、社会公共利益和他人合法权益，所提交"
                "的证明材料真实、合法。",
                "附：调解协议、当事人身份证明及与调解协议相关的证明材料。",
            ),
            addressee=None,
            closing="此致",
            recipient="{{ court }}",
            signatures=("申请人（签名、盖章或者按指印）：",),
        ),
        own=False,  # the parties' joint application to the court (art. 33), not the committee's numbered document
        context=context,
    ),
)
