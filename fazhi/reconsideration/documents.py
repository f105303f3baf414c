"""The documents 行政复议 issues, with the text of their built-in templates (行政复议法 2023: arts. 30, 31, 39–41,
47–51, 62, 73, 75). Placeholders are those of `fazhi.documents.services.document_context` and the step's data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.documents.kinds import DocumentKind, Loop, TemplateText

LINE = "reconsideration"
_APPLICATION = "你（单位）因{{ case_title }}于{{ received_on }}提出的行政复议申请"
_CASE = "你（单位）因{{ case_title }}申请行政复议一案"
_ARL = "《中华人民共和国行政复议法》"
_SUE = "如不服本决定，可以自收到本决定书之日起十五日内依法向人民法院提起行政诉讼。"

KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "acceptance_notice",
        _("受理通知书"),
        "受",
        LINE,
        TemplateText(
            (
                f"{_APPLICATION}{{% if respondents %}}（被申请人：{{{{ respondents }}}}）{{% endif %}}，经审查，符合"
                f"{_ARL}第三十条第一款规定的受理条件，本机关已于{{{{ accepted_on }}}}依法受理。",
                "本机关将依照该法第四十八条的规定将行政复议申请书副本发送被申请人。行政复议期间，你（单位）可以依照"
                "该法第四十七条的规定查阅、复制被申请人提出的书面答复、作出行政行为的证据、依据和其他有关材料。",
            ),
            closing="特此通知。",
        ),
    ),
    DocumentKind(
        "correction_notice",
        _("补正通知书"),
        "补",
        LINE,
        TemplateText(
            (
                f"{_APPLICATION}，申请材料不齐全或者表述不清楚，无法判断是否符合{_ARL}第三十条第一款的规定。"
                "根据该法第三十一条的规定，请你（单位）自收到本通知书之日起十日内补正下列事项：",
                Loop("items"),
                "有正当理由不能按期补正的，可以申请延长补正期限；无正当理由逾期不补正的，视为放弃行政复议申请，"
                "并记录在案。",
            ),
            closing="特此通知。",
        ),
    ),
    DocumentKind(
        "non_acceptance_decision",
        _("不予受理决定书"),
        "不受",
        LINE,
        TemplateText(
            (
                f"{_APPLICATION}，经审查，{{{{ reasons }}}}，不符合{_ARL}第三十条第一款规定的受理条件。根据该法"
                "第三十条第二款的规定，本机关决定不予受理。{% if competent_body %}该申请应当向{{ competent_body }}"
                "提出。{% endif %}",
                f"你（单位）{_SUE}",
            ),
        ),
    ),
    DocumentKind(
        "hearing_notice",
        _("听证通知书"),
        "听",
        LINE,
        TemplateText(
            (
                f"{_CASE}（{{{{ case_number }}}}），本机关根据{_ARL}第五十条的规定决定组织听证，现将有关事项通知如下：",
                "听证时间：{{ hearing_on }}{{ hearing_time }}",
                "听证地点：{{ hearing_place }}",
                "听证事项：{{ matters }}",
                "请准时参加。申请人无正当理由拒不参加听证的，视为放弃听证权利（该法第五十一条）。",
            ),
            closing="特此通知。",
        ),
    ),
    DocumentKind(
        "extension_notice",
        _("延期审理通知书"),
        "延",
        LINE,
        TemplateText(
            (
                f"{_CASE}，本机关已于{{{{ accepted_on }}}}依法受理。因案情复杂，不能在规定期限内作出行政复议决定，"
                f"经行政复议机构负责人批准，根据{_ARL}第六十二条第一款的规定，审理期限延长{{{{ extension_days }}}}日。",
            ),
            closing="特此通知。",
        ),
    ),
    DocumentKind(
        "suspension_notice",
        _("中止通知书"),
        "中",
        LINE,
        TemplateText(
            (
                f"{_CASE}，因{{{{ reasons }}}}，根据{_ARL}第三十九条的规定，本机关决定中止审理。",
                "中止的原因消除后，本机关将及时恢复审理，并书面告知你（单位）。",
            ),
            closing="特此通知。",
        ),
    ),
    DocumentKind(
        "resumption_notice",
        _("恢复审理通知书"),
        "恢",
        LINE,
        TemplateText(
            (f"{_CASE}，本机关已依法中止审理。现中止的原因已经消除，根据{_ARL}第三十九条的规定，本机关决定恢复审理。",),
            closing="特此通知。",
        ),
    ),
    DocumentKind(
        "termination_notice",
        _("终止通知书"),
        "终",
        LINE,
        TemplateText(
            (
                f"{_CASE}，本机关已于{{{{ accepted_on }}}}依法受理。因{{{{ reasons }}}}，根据{_ARL}第四十一条的规定，"
                "本机关决定终止行政复议。",
            ),
            closing="特此通知。",
        ),
    ),
    DocumentKind(
        "mediation_statement",
        _("行政复议调解书"),
        "调",
        LINE,
        TemplateText(
            (
                "申请人因{{ case_title }}，于{{ received_on }}向本机关申请行政复议，本机关于{{ accepted_on }}"
                "依法受理。",
                f"审理中，本机关根据{_ARL}第五条、第七十三条的规定主持调解，当事人自愿达成如下协议：",
                Loop("items"),
                "本调解书经各方当事人签字或者签章，并加盖本机关印章，即具有法律效力。",
            ),
            addressee="",
            signatures=("申请人（签字或者签章）：", "被申请人（签章）："),
        ),
    ),
    DocumentKind(
        "decision",
        _("行政复议决定书"),
        "决",
        LINE,
        TemplateText(
            (
                "申请人因{{ case_title }}，于{{ received_on }}向本机关申请行政复议，本机关于{{ accepted_on }}依法受理。"
                "本案现已审理终结。",
                "经审理查明：{{ facts }}",
                "本机关认为：{{ reasons }}",
                f"根据{_ARL}{{{{ decision_basis }}}}的规定，本机关决定：{{{{ decision }}}}",
                f"申请人{_SUE}",
            ),
            addressee="",
        ),
    ),
)
