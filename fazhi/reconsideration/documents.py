"""The documents 行政复议 issues, with the text of their built-in templates (行政复议法 2023: arts. 30, 31, 33, 39,
41, 47–51, 54, 62–77). Placeholders are those of `fazhi.documents.services.document_context`, the step's data and
this line's `context` below (the contested act, the recorded facts, how to address the applicant).

Every document but the hearing notice is the 行政复议机关's: the people's government of the office's region (arts.
4, 24, 61, 75), its office (行政复议机构) named as 承办. A hearing is the office's own act (arts. 50–51).
A step stores codes (a decision, a ground); the templates print their words and articles from this line's
choices and procedure, so the document, the form and the rule always say the same.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import Case, Party
from fazhi.documents.kinds import (
    DocumentKind,
    If,
    Loop,
    Section,
    TemplateText,
    government_body,
    handling_body,
    jinja_dict,
)
from fazhi.reconsideration.choices import NOT_ACCEPTED_GROUNDS, SUSPENSION_GROUNDS, TERMINATION_GROUNDS, ActType
from fazhi.reconsideration.procedure import DECISION_ARTICLES, DECISION_GROUNDS

LINE = "reconsideration"
_ARL = "《中华人民共和国行政复议法》"
_ALL = "《中华人民共和国行政诉讼法》"
_NUMERALS = "一二三四五六七八九十"
_ON_ACCEPTED = "{% if accepted_on %}于{{ accepted_on }}{% endif %}"  # a case accepted by deeming has its date too

# "你" to a person, "你单位" to a company or other organisation (never "你（单位）")
_APPLICATION = "{{ you }}不服{{ act_phrase }}，于{{ received_on }}提出的行政复议申请"
_CASE = "{{ you }}不服{{ act_phrase }}申请行政复议一案"
_SUE = "如不服本决定，可以自收到本决定书之日起十五日内，依照" + _ALL + "第四十五条的规定向人民法院提起行政诉讼。"


def _act(case: Case) -> tuple[str, str]:
    """(how the act is named after the respondent, how the decision names it): "作出的罚款决定" / "未履行法定职责"."""
    detail = getattr(case, "reconsideration", None)
    text = (detail.act_description if detail else "") or (
        str(detail.get_act_type_display()) if detail and detail.act_type != ActType.OTHER else "行政行为"
    )
    omission = (detail and detail.act_type == ActType.NON_PERFORMANCE) or text.startswith(("未", "不履行", "拖延"))
    if omission:
        return text, f"被申请人{text}的行为"
    return f"作出的{text}", f"被申请人作出的{text}"


def context(doc) -> dict[str, Any]:
    """The placeholders this line adds: the act contested, the facts the case records, how to address the applicant.

    `recorded_facts` is what the case holds (the act, its date, when the applicant knew of it and applied); the
    decision prints it under 经审理查明 when the step gives no facts of its own.
    """
    case = doc.case
    detail = getattr(case, "reconsideration", None)
    parties = list(case.parties.all())
    respondents = "、".join(p.name for p in parties if p.role == Party.Role.RESPONDENT) or (
        detail.respondent_agency.name if detail and detail.respondent_agency_id else ""
    )
    applicants = [p for p in parties if p.role == Party.Role.APPLICANT]
    organisation = any(p.kind == Party.Kind.ORGANISATION for p in applicants) or bool(
        detail and detail.enterprise_applicant
    )
    act_text, act_ref = _act(case)
    facts = []
    made = act_text.replace("作出的", "作出", 1)  # "作出罚款决定" as a sentence, "未履行法定职责" as it is
    if detail and detail.act_on:
        facts.append(f"{_date(detail.act_on)}，被申请人{respondents}{made}。")
    elif respondents:
        facts.append(f"被申请人{respondents}{made}。")
    if detail and detail.amount is not None:
        facts.append(f"涉案金额{detail.amount:,.2f}元。".replace(".00元", "元"))
    if detail and detail.knew_on:
        facts.append(f"申请人于{_date(detail.knew_on)}知道该行政行为，")
    facts.append(f"于{_date(case.received_on)}向本机关申请行政复议。" if case.received_on else "")
    if not (detail and detail.knew_on) and facts[-1]:
        facts[-1] = "申请人" + facts[-1]
    return {
        "you": "你单位" if organisation else "你",
        "act": act_text,
        "act_phrase": f"{respondents}{act_text}",
        "act_ref": act_ref,
        "procedure_type": detail.procedure_type if detail else "",
        "recorded_facts": "".join(facts),
    }


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _numbered(grounds: dict) -> dict[str, str]:
    """Ground codes "1".."10" → the item they are in their article: "第一项"…"第十项"."""
    return {code: f"第{_NUMERALS[int(code) - 1]}项" for code in grounds}


_GROUND_ARTICLES = {key: article for key, (article, _w, _d) in DECISION_GROUNDS.items()}
# The decision in words; 〔行为〕 is the act as the decision names it ("被申请人作出的罚款决定").
_DECISION_WORDS = {
    "varied": "变更〔行为〕",
    "revoked": "撤销〔行为〕",
    "remake_ordered": "撤销〔行为〕，责令被申请人依法重新作出行政行为",
    "confirmed_unlawful": "确认〔行为〕违法",
    "performance_ordered": "责令被申请人依法履行法定职责",
    "confirmed_invalid": "确认〔行为〕无效",
    "upheld": "维持〔行为〕",
    "claim_rejected": "驳回申请人的行政复议请求",
    "agreement_order": "责令被申请人依法承担相应的行政协议责任",
    "application_rejected": "驳回申请人的行政复议申请",
}
_PROCEDURE = (
    "{% if procedure_type == 'simplified' %}本案适用简易程序审理。本机关将自受理之日起三日内将行政复议申请书副本发送"
    "被申请人（该法第五十四条），并自受理之日起三十日内作出行政复议决定（该法第六十二条第二款）。{% else %}"
    "本案适用普通程序审理。本机关将自受理之日起七日内将行政复议申请书副本发送被申请人（该法第四十八条），并自受理"
    "之日起六十日内作出行政复议决定（该法第六十二条第一款）。{% endif %}"
)

KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "acceptance_notice",
        _("受理通知书"),
        "受",
        LINE,
        TemplateText(
            (
                f"{_APPLICATION}，经审查，符合{_ARL}第三十条第一款规定的受理条件，本机关决定予以受理，受理日期为"
                "{{ accepted_on }}。",
                _PROCEDURE,
                "行政复议期间，{{ you }}可以依照该法第四十七条的规定查阅、复制被申请人提出的书面答复、作出行政行为的"
                "证据、依据和其他有关材料。",
            ),
            closing="特此通知。",
        ),
        issuer=government_body,
        context=context,
    ),
    DocumentKind(
        "correction_notice",
        _("补正通知书"),
        "补",
        LINE,
        TemplateText(
            (
                f"{_APPLICATION}，申请材料不齐全或者表述不清楚，无法判断是否符合{_ARL}第三十条第一款的规定。根据该法"
                "第三十一条第一款的规定，请{{ you }}自收到本通知书之日起十日内补正下列事项：",
                Loop("items"),
                "有正当理由不能按期补正的，可以向本机关申请延长补正期限；无正当理由逾期不补正的，视为放弃行政复议申请，"
                "并记录在案（该法第三十一条第二款）。",
            ),
            closing="特此通知。",
        ),
        issuer=government_body,
        context=context,
    ),
    DocumentKind(
        "non_acceptance_decision",
        _("不予受理决定书"),
        "不受",
        LINE,
        TemplateText(
            (
                jinja_dict("grounds", {k: str(v) for k, v in NOT_ACCEPTED_GROUNDS.items()})
                + f"{_APPLICATION}，经审查，{{{{ reasons }}}}"
                "{% if ground in grounds and ground != 'other' %}，属于“{{ grounds[ground] }}”的情形{% endif %}，"
                f"不符合{_ARL}第三十条第一款规定的受理条件。根据该法第三十条第二款的规定，本机关决定不予受理。",
                If("competent_body", "该申请不属于本机关管辖，{{ you }}可以向{{ competent_body }}提出行政复议申请。"),
                "{{ you }}" + _SUE,
            ),
        ),
        issuer=government_body,
        context=context,
    ),
    DocumentKind(
        "hearing_notice",
        _("听证通知书"),
        "听",
        LINE,
        TemplateText(
            (
                "申请人不服被申请人{{ act }}申请行政复议一案（{{ case_number }}），本机构"
                f"根据{_ARL}第五十条的规定决定组织听证{{% if reasons %}}；因{{{{ reasons }}}}，听证改期举行"
                "{% endif %}。现将有关事项通知如下：",
                "听证时间：{{ hearing_on }}{{ hearing_time }}",
                "{% if place %}听证地点：{{ place }}{% else %}听证地点：另行通知{% endif %}",
                "听证事项：{% if matters %}{{ matters }}{% else %}被申请人作出的行政行为是否合法、适当{% endif %}",
                "请当事人准时参加，可以委托一至二名代理人参加听证。申请人无正当理由拒不参加听证的，视为放弃听证权利"
                "（该法第五十一条第二款）。",
            ),
            addressee="{{ applicants }}{% if respondents %}、{{ respondents }}{% endif %}：",
            closing="特此通知。",
        ),
        issuer=handling_body,
        context=context,
    ),
    DocumentKind(
        "extension_notice",
        _("延期审理通知书"),
        "延",
        LINE,
        TemplateText(
            (
                f"{_CASE}，本机关已{_ON_ACCEPTED}依法受理。因{{{{ reasons }}}}，情况复杂，不能在规定期限内"
                f"作出行政复议决定，经行政复议机构负责人批准，根据{_ARL}第六十二条第一款的规定，审理期限延长"
                "{{ extension_days }}日。",
            ),
            closing="特此通知。",
            copy_to="{{ respondents }}",
        ),
        issuer=government_body,
        context=context,
    ),
    DocumentKind(
        "suspension_notice",
        _("中止通知书"),
        "中",
        LINE,
        TemplateText(
            (
                jinja_dict("grounds", {k: str(v) for k, v in SUSPENSION_GROUNDS.items()})
                + jinja_dict("items_of", _numbered(SUSPENSION_GROUNDS))
                + "{% set g = ground|string %}"
                + f"{_CASE}，本机关已{_ON_ACCEPTED}依法受理。因{{{{ grounds[g] }}}}，根据{_ARL}"
                "第三十九条第一款{{ items_of[g] }}的规定，本机关决定自{{ issued_on }}起中止行政复议。",
                "中止的原因消除后，本机关将及时恢复审理，并书面告知当事人（该法第三十九条第二款、第三款）。",
            ),
            closing="特此通知。",
            copy_to="{{ respondents }}",
        ),
        issuer=government_body,
        context=context,
    ),
    DocumentKind(
        "resumption_notice",
        _("恢复审理通知书"),
        "恢",
        LINE,
        TemplateText(
            (
                f"{_CASE}，本机关已依法中止审理。现中止的原因已经消除，根据{_ARL}第三十九条第二款、第三款的规定，"
                "本机关决定自{{ issued_on }}起恢复审理。",
            ),
            closing="特此通知。",
            copy_to="{{ respondents }}",
        ),
        issuer=government_body,
        context=context,
    ),
    DocumentKind(
        "termination_notice",
        _("终止行政复议决定书"),
        "终",
        LINE,
        TemplateText(
            (
                jinja_dict("grounds", {k: str(v) for k, v in TERMINATION_GROUNDS.items()})
                + jinja_dict("items_of", _numbered(TERMINATION_GROUNDS))
                + "{% set g = ground|string %}"
                + f"{_CASE}，本机关已{_ON_ACCEPTED}依法受理。"
                "{% if g in grounds %}因{{ grounds[g] }}，根据" + _ARL + "第四十一条第一款{{ items_of[g] }}的规定，"
                "{% elif settlement %}申请人与被申请人自愿达成和解（{{ settlement }}），申请人撤回行政复议申请，"
                "经本机关行政复议机构准予撤回。根据" + _ARL + "第七十四条第二款、第四十一条第一款第一项的规定，"
                "{% elif reasons %}申请人撤回行政复议申请（{{ reasons }}），经本机关行政复议机构准予撤回。根据"
                + _ARL
                + "第四十一条第一款第一项的规定，{% else %}本案依照该法第三十九条第一款的规定中止审理满六十日，中止"
                "的原因仍未消除。根据" + _ARL + "第四十一条第一款第五项的规定，{% endif %}本机关决定终止行政复议。",
                If("settlement", "申请人不得再以同一事实和理由提出行政复议申请（该法第七十四条第二款）。"),
                If("not (settlement or reasons) or ground|string in grounds", "{{ you }}" + _SUE),
            ),
            copy_to="{{ respondents }}",
        ),
        issuer=government_body,
        context=context,
    ),
    DocumentKind(
        "mediation_statement",
        _("行政复议调解书"),
        "调",
        LINE,
        TemplateText(
            (
                "申请人不服被申请人{{ act }}，于{{ received_on }}向本机关申请行政复议，"
                "本机关" + _ON_ACCEPTED + "依法受理。",
                f"审理中，本机关根据{_ARL}第五条、第七十三条第一款的规定主持调解，当事人自愿达成如下协议：",
                Loop("agreement"),
                "本调解书经各方当事人签字或者签章，并加盖本机关印章，即具有法律效力（该法第七十三条第一款）。"
                "被申请人应当履行本调解书（该法第七十七条第一款）。调解书生效前一方反悔的，本机关将依法审查或者及时"
                "作出行政复议决定（该法第七十三条第二款）。",
            ),
            addressee="",
            signatures=("申请人（签字或者签章）：", "被申请人（签章）："),
        ),
        issuer=government_body,
        context=context,
    ),
    DocumentKind(
        "decision",
        _("行政复议决定书"),
        "决",
        LINE,
        TemplateText(
            (
                jinja_dict("articles", DECISION_ARTICLES)
                + jinja_dict("ground_articles", _GROUND_ARTICLES)
                + jinja_dict("words", _DECISION_WORDS)
                + "申请人不服被申请人{{ act }}，于{{ received_on }}向本机关申请行政复议，"
                "本机关" + _ON_ACCEPTED + "依法受理{% if procedure_type == 'simplified' %}，适用简易程序审理"
                "{% elif procedure_type %}，适用普通程序审理{% endif %}。本案现已审理终结。",
                Section("(facts or recorded_facts)", lead="经审理查明："),
                Section("reasons", lead="本机关认为："),
                # the ruling once: the specific one the step records (变更后的内容, 重作的期限…) when given, else the
                # decision in words; a multi-line disposition goes on in paragraphs of its own
                "根据" + _ARL + "{{ ground_articles[decision_ground] if decision_ground in ground_articles else "
                "articles[decision] }}的规定，本机关决定：{% if disposition|sentences %}"
                "{{ (disposition|sentences)[0] }}{% else %}"
                "{{ words[decision]|replace('〔行为〕', act_ref) }}。{% endif %}",
                Section("(disposition|sentences)[1:]"),
                "本决定书自送达之日起发生法律效力（该法第七十五条第二款），被申请人应当履行（该法第七十七条第一款）。",
                "申请人{% if third_parties %}、第三人{% endif %}" + _SUE,
            ),
            addressee="",
        ),
        issuer=government_body,
        context=context,
    ),
)
