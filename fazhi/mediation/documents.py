"""The documents 人民调解 issues, with the text of their built-in templates (人民调解法 2010: arts. 17, 26–31, 33;
民事诉讼法 art. 205). Placeholders are those of `fazhi.documents.services.document_context` and the step's data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.documents.kinds import DocumentKind, Each, If, Loop, Row, Table, TemplateText

LINE = "mediation"
_PML = "《中华人民共和国人民调解法》"
_PARTIES = "{% for p in parties %}{{ p.role }}：{{ p.name }}{% if not loop.last %}；{% endif %}{% endfor %}"

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
                        Row("纠纷类型及简要情况", "{{ case_title }}{% if facts %}。{{ facts }}{% endif %}", lines=3),
                        Row("受理方式", "□当事人申请　□主动调解　□委托移送"),
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
    ),
    DocumentKind(
        "mediation_agreement",
        _("人民调解协议书"),
        "协",
        LINE,
        TemplateText(
            (
                "纠纷主要事实及争议事项：{{ facts }}",
                "经本委员会调解，各方当事人自愿达成如下协议：",
                Loop("items"),
                If("terms", "{{ terms }}"),
                If("agreement_amount", "协议金额：{{ agreement_amount }}元"),
                If("performance", "履行方式和期限：{{ performance }}"),  # the runner's step puts them in terms
                "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效，具有法律"
                "约束力，当事人应当按照约定履行（《中华人民共和国人民调解法》第二十九条、第三十一条）。各方当事人可以"
                "自本协议生效之日起三十日内共同向人民法院申请司法确认（该法第三十三条）。",
            ),
            addressee="",
            signatures=("当事人（签名、盖章或者按指印）：", "人民调解员（签名）："),
        ),
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
                        Row("纠纷简要情况", "{{ case_title }}", lines=2),
                        Row("协议内容（履行方式、期限）", "{{ terms }}", lines=4),
                        Row("协议金额", "{% if agreement_amount %}{{ agreement_amount }}元{% endif %}"),
                        Row("达成协议日期", "{{ agreement_effective_on or issued_on }}"),
                        Row("当事人（签名、盖章或者按指印）", lines=2),
                        Row("人民调解员（签名）"),
                    )
                ),
                "口头调解协议自各方当事人达成协议之日起生效（该法第三十条），具有法律约束力，当事人应当按照约定履行；"
                "本委员会对协议的履行情况进行监督，督促当事人履行约定的义务（该法第三十一条）。",
            ),
            addressee=None,
        ),
    ),
    DocumentKind(
        "mediation_termination_notice",
        _("终止调解告知书"),
        "终",
        LINE,
        TemplateText(
            (
                "你（单位）申请调解的{{ case_title }}一事，经本委员会调解，{{ reasons }}，调解不成。根据" + _PML + "第"
                "二十六条的规定，本委员会决定终止调解。",
                "你（单位）可以依法通过仲裁、行政、司法等途径维护自己的权利{% if routes %}：{{ routes }}{% endif %}。",
            ),
            closing="特此告知。",
        ),
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
                "事实和理由：申请人之间的{{ case_title }}，经{{ organisation }}主持调解，"
                "{% if agreement_effective_on %}于{{ agreement_effective_on }}{% endif %}自愿达成调解协议"
                "{% if terms %}，协议内容为：{{ terms }}{% endif %}。根据" + _PML + "第三十三条和"
                "《中华人民共和国民事诉讼法》第二百零五条的规定，双方当事人自调解协议生效之日起三十日内共同向你院申请"
                "司法确认。",
                "申请人保证：调解协议系出于解决纠纷的目的自愿达成，所提交的证明材料真实、合法。",
                "附：调解协议、当事人身份证明及与调解协议相关的证明材料。",
            ),
            addressee=None,
            closing="此致",
            recipient="{{ court }}",
            signatures=("申请人（签名、盖章或者按指印）：",),
        ),
    ),
)
