"""Build the built-in Word templates, one per document kind, in GB/T 9704-2012 layout.

Run `python -m fazhi.documents.build_templates` after changing a text below; the .docx files it writes to
default_templates/ are committed. Layout: A4; top 37 mm, left (binding) 28 mm, text block 156 × 225 mm;
3号仿宋 body, 22 lines of 28 characters; red 发文机关标志 and rule; page numbers "— 1 —" in 4号宋体.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

OUT = Path(__file__).resolve().parent / "default_templates"

# GB/T 9704-2012 §5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; §5.2.2: 22 lines × 28 characters.
PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, LEFT, TEXT_W, TEXT_H = 37, 28, 156, 225
RIGHT, BOTTOM = 210 - LEFT - TEXT_W, 297 - TOP - TEXT_H  # 26 mm, 35 mm
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
LINES, CHARS = 22, 28
LINE_TWIPS = 579  # 225 mm / 22 = 579.8 twips, rounded down so 22 lines always fit: 28.95 pt
# ECMA-376 §17.6.5 docGrid/@charSpace: (desired pitch − Normal font size) in points × 4096. Word and WPS put each
# 16 pt character in one 15.79 pt cell; LibreOffice puts it in two (14 characters a line), so it is no reference.
CHAR_PITCH_PT = TEXT_W / 25.4 * 72 / CHARS  # 15.793 pt
CHAR_SPACE = math.floor((CHAR_PITCH_PT - BODY_PT) * 4096)  # −848, rounded so 28 cells never overflow the line
FOOTER_MM = BOTTOM - 7 - PAGE_NUMBER_PT * 25.4 / 72  # the number's top edge 7 mm below the text block

BODY_FONT, BODY_FONT_ALT = "仿宋_GB2312", "仿宋"
TITLE_FONT, TITLE_FONT_ALT = "方正小标宋简体", "华文中宋"
NUMBER_FONT = "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)


@dataclass(frozen=True)
class Loop:
    """One numbered paragraph per entry of a list placeholder (docxtpl {%p for %})."""

    name: str


@dataclass(frozen=True)
class Each:
    """One paragraph per element of a jinja for-clause (docxtpl {%p for %}), e.g. "p in parties if …"."""

    clause: str
    text: str


@dataclass(frozen=True)
class If:
    """A paragraph printed only when `condition` holds (docxtpl {%p if %}): no blank line for a missing value."""

    condition: str
    text: str


@dataclass(frozen=True)
class Row:
    """One row of a form table: a label cell and a value cell, at least `lines` lines high (room to write in)."""

    label: str
    value: str = ""
    lines: int = 1


@dataclass(frozen=True)
class Table:
    """A bordered two-column form (登记表) the width of the text block, in the body font."""

    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Spec:
    """The text of one kind: body paragraphs, closing line, signature lines.

    An empty addressee means a party list instead; None means neither (a form whose table names the parties).
    `recipient` is the flush-left line after the closing 此致 of an application (the court).
    """

    body: tuple[str | Loop | Each | If | Table, ...]
    addressee: str | None = "{{ applicants }}："
    closing: str = ""
    recipient: str = ""
    signatures: tuple[str, ...] = ()


_APPLICATION = "你（单位）因{{ case_title }}于{{ received_on }}提出的行政复议申请"
_CASE = "你（单位）因{{ case_title }}申请行政复议一案"
_ARL = "《中华人民共和国行政复议法》"
_SUE = "如不服本决定，可以自收到本决定书之日起十五日内依法向人民法院提起行政诉讼。"
_PML = "《中华人民共和国人民调解法》"
_LAA = "《中华人民共和国法律援助法》"


def _jinja_dict(name: str, values: dict[str, str]) -> str:
    """A {% set %} of a dict literal, to print the text of a code the step stores (the render context has codes)."""
    return f"{{% set {name} = {{{', '.join(f'{k!r}: {v!r}' for k, v in values.items())}}} %}}"


# 法律援助法 art. 48 ¶1, the codes of fazhi.legal_aid.choices.TERMINATION_GROUNDS (a test keeps them equal).
TERMINATION_GROUNDS = {
    "1": "受援人以欺骗或者其他不正当手段获得法律援助",
    "2": "受援人故意隐瞒与案件有关的重要事实或者提供虚假证据",
    "3": "受援人利用法律援助从事违法活动",
    "4": "受援人的经济状况发生变化，不再符合法律援助条件",
    "5": "案件终止审理或者已经被撤销",
    "6": "受援人自行委托律师或者其他代理人",
    "7": "受援人有正当理由要求终止法律援助",
    "8": "法律法规规定的其他情形",
}
NUMERALS = dict(zip(TERMINATION_GROUNDS, "一二三四五六七八", strict=True))
# fazhi.legal_aid.choices.ClosureResult and AssigneeKind labels, by value (the same test keeps them equal).
CLOSURE_RESULTS = {
    "won": "胜诉或主张得到支持",
    "partly_won": "部分支持",
    "mediated": "调解、和解结案",
    "lost": "未获支持",
    "defence": "刑事辩护、代理完成",
    "other": "其他",
}
ASSIGNEE_KINDS = {"lawyer": "律师", "basic_legal_worker": "基层法律服务工作者", "staff": "法律援助机构工作人员"}

_PARTIES = "{% for p in parties %}{{ p.role }}：{{ p.name }}{% if not loop.last %}；{% endif %}{% endfor %}"
_ASSIGNEE = (
    "{{ firm }}{{ lawyer }}{% if assignee_kind in assignee_kinds %}（{{ assignee_kinds[assignee_kind] }}）{% endif %}"
)

SPECS: dict[str, Spec] = {
    "acceptance_notice": Spec(
        (
            f"{_APPLICATION}{{% if respondents %}}（被申请人：{{{{ respondents }}}}）{{% endif %}}，经审查，符合"
            f"{_ARL}第三十条第一款规定的受理条件，本机关已于{{{{ accepted_on }}}}依法受理。",
            "本机关将依照该法第四十八条的规定将行政复议申请书副本发送被申请人。行政复议期间，你（单位）可以依照"
            "该法第四十七条的规定查阅、复制被申请人提出的书面答复、作出行政行为的证据、依据和其他有关材料。",
        ),
        closing="特此通知。",
    ),
    "correction_notice": Spec(
        (
            f"{_APPLICATION}，申请材料不齐全或者表述不清楚，无法判断是否符合{_ARL}第三十条第一款的规定。"
            "根据该法第三十一条的规定，请你（单位）自收到本通知书之日起十日内补正下列事项：",
            Loop("items"),
            "有正当理由不能按期补正的，可以申请延长补正期限；无正当理由逾期不补正的，视为放弃行政复议申请，"
            "并记录在案。",
        ),
        closing="特此通知。",
    ),
    "non_acceptance_decision": Spec(
        (
            f"{_APPLICATION}，经审查，{{{{ reasons }}}}，不符合{_ARL}第三十条第一款规定的受理条件。根据该法"
            "第三十条第二款的规定，本机关决定不予受理。{% if competent_body %}该申请应当向{{ competent_body }}"
            "提出。{% endif %}",
            f"你（单位）{_SUE}",
        ),
    ),
    "hearing_notice": Spec(
        (
            f"{_CASE}（{{{{ case_number }}}}），本机关根据{_ARL}第五十条的规定决定组织听证，现将有关事项通知如下：",
            "听证时间：{{ hearing_on }}{{ hearing_time }}",
            "听证地点：{{ hearing_place }}",
            "听证事项：{{ matters }}",
            "请准时参加。申请人无正当理由拒不参加听证的，视为放弃听证权利（该法第五十一条）。",
        ),
        closing="特此通知。",
    ),
    "extension_notice": Spec(
        (
            f"{_CASE}，本机关已于{{{{ accepted_on }}}}依法受理。因案情复杂，不能在规定期限内作出行政复议决定，"
            f"经行政复议机构负责人批准，根据{_ARL}第六十二条第一款的规定，审理期限延长{{{{ extension_days }}}}日。",
        ),
        closing="特此通知。",
    ),
    "suspension_notice": Spec(
        (
            f"{_CASE}，因{{{{ reasons }}}}，根据{_ARL}第三十九条的规定，本机关决定中止审理。",
            "中止的原因消除后，本机关将及时恢复审理，并书面告知你（单位）。",
        ),
        closing="特此通知。",
    ),
    "resumption_notice": Spec(
        (f"{_CASE}，本机关已依法中止审理。现中止的原因已经消除，根据{_ARL}第三十九条的规定，本机关决定恢复审理。",),
        closing="特此通知。",
    ),
    "termination_notice": Spec(
        (
            f"{_CASE}，本机关已于{{{{ accepted_on }}}}依法受理。因{{{{ reasons }}}}，根据{_ARL}第四十一条的规定，"
            "本机关决定终止行政复议。",
        ),
        closing="特此通知。",
    ),
    "mediation_statement": Spec(
        (
            "申请人因{{ case_title }}，于{{ received_on }}向本机关申请行政复议，本机关于{{ accepted_on }}依法受理。",
            f"审理中，本机关根据{_ARL}第五条、第七十三条的规定主持调解，当事人自愿达成如下协议：",
            Loop("items"),
            "本调解书经各方当事人签字或者签章，并加盖本机关印章，即具有法律效力。",
        ),
        addressee="",
        signatures=("申请人（签字或者签章）：", "被申请人（签章）："),
    ),
    "decision": Spec(
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
    "mediation_agreement": Spec(
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
    "mediation_termination_notice": Spec(
        (
            "你（单位）申请调解的{{ case_title }}一事，经本委员会调解，{{ reasons }}，调解不成。根据《中华人民共和国"
            "人民调解法》第二十六条的规定，本委员会决定终止调解。",
            "你（单位）可以依法通过仲裁、行政、司法等途径维护自己的权利{% if routes %}：{{ routes }}{% endif %}。",
        ),
        closing="特此告知。",
    ),
    "legal_aid_grant": Spec(
        (
            "你因{{ case_title }}于{{ received_on }}提出的法律援助申请，经审查，符合法律援助条件。根据《中华人民共和国"
            "法律援助法》第四十三条的规定，本机构决定给予法律援助{% if aid_form %}（{{ aid_form }}）{% endif %}。",
            "本机构将自本决定作出之日起三日内指派法律援助人员为你提供法律援助。请你如实提供有关情况和材料；有该法"
            "第四十八条规定情形的，本机构将终止法律援助。",
        ),
    ),
    "legal_aid_refusal": Spec(
        (
            "你因{{ case_title }}于{{ received_on }}提出的法律援助申请，经审查，{{ reasons }}，不符合法律援助条件。"
            "根据《中华人民共和国法律援助法》第四十三条的规定，本机构决定不予法律援助。",
            "你对本决定有异议的，可以向设立本机构的司法行政部门提出；对司法行政部门维持本决定不服的，可以依法"
            "申请行政复议或者提起行政诉讼（该法第四十九条）。",
        ),
    ),
    "assignment_letter": Spec(
        (
            _jinja_dict("assignee_kinds", ASSIGNEE_KINDS) + "关于{{ case_title }}法律援助事项，本机构已依法决定为"
            "受援人{{ applicants }}提供法律援助。{% if reasons %}因{{ reasons }}，根据" + _LAA + "第五十五条的规定，"
            "本机构决定更换法律援助人员，现改为指派{% else %}根据" + _LAA + "第三十六条、第四十三条第一款的规定，"
            "现指派{% endif %}" + _ASSIGNEE + "承办。",
            "请承办人员及时与受援人联系，依法履行职责，维护受援人的合法权益；办理结束后及时向本机构报告，并提交"
            "有关法律文书的副本或者复印件、办理情况报告等材料（该法第五十条）。",
        ),
        addressee="{{ firm or lawyer }}：",
        closing="特此通知。",
    ),
    "mediation_registration": Spec(
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
    "oral_agreement_record": Spec(
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
    "judicial_confirmation_application": Spec(
        (
            Each("p in parties if p.role != '代理人'", "申请人：{{ p.name }}"),  # both sides apply jointly (art. 33)
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
    "supplement_notice": Spec(
        (
            "你因{{ case_title }}于{{ received_on }}提出的法律援助申请，经审查，申请材料不齐全。根据"
            + _LAA
            + "第四十三条第二款的规定，现一次性告知你需要补充下列材料或者作出说明：",
            Loop("items"),
            "请你按要求补充上述材料或者作出说明。未按要求补充材料或者作出说明的，视为撤回申请。",
        ),
        closing="特此通知。",
    ),
    "legal_aid_termination": Spec(
        (
            _jinja_dict("grounds", TERMINATION_GROUNDS)
            + _jinja_dict("numerals", NUMERALS)
            + "{% set g = ground|string %}你因{{ case_title }}申请的法律援助事项，本机构已依法提供法律援助。经查，"
            "{{ reasons }}{% if g in grounds %}，属于" + _LAA + "第四十八条第一款第{{ numerals[g] }}项规定的"
            "“{{ grounds[g] }}”情形。根据该规定{% else %}。根据" + _LAA + "第四十八条第一款的规定{% endif %}，"
            "本机构决定终止法律援助。",
            "你对本决定有异议的，可以向设立本机构的司法行政部门提出；对司法行政部门维持本决定不服的，可以依法"
            "申请行政复议或者提起行政诉讼（该法第四十九条）。",
        ),
    ),
    "closure_report": Spec(
        (
            "关于{{ case_title }}法律援助事项，本机构{% if accepted_on %}于{{ accepted_on }}{% endif %}决定为受援人"
            "{{ applicants }}提供法律援助。该事项现已办理结束，承办人员根据" + _LAA + "第五十条的规定报告如下：",
            _jinja_dict("results", CLOSURE_RESULTS) + "办理结果：{{ results[result] or result }}",
            "办理情况：{{ report }}",
            If("amount_awarded", "裁判、调解确定金额：{{ amount_awarded }}元"),
            If("amount_collected", "实际执行到位金额：{{ amount_collected }}元"),
            If("amount_avoided", "避免损失金额：{{ amount_avoided }}元"),
            If("basis_document", "金额依据文书：{{ basis_document }}"),
            "随本报告提交有关法律文书的副本或者复印件等材料。",
        ),
        addressee=None,
        signatures=("承办人员（签名）：",),
    ),
}


def _set_fonts(rpr, latin: str, east_asia: str) -> None:
    """Name the fonts explicitly (theme fonts would win over them) with the east-Asian one in w:eastAsia."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        rfonts.set(qn(attr), name)


def _declare_fonts(doc: DocxDocument) -> None:
    """Add the 公文 fonts to the font table with their fallbacks (w:altName), for machines without them."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    for name, alt in ((BODY_FONT, BODY_FONT_ALT), (TITLE_FONT, TITLE_FONT_ALT), (NUMBER_FONT, "SimSun")):
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "modern"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "fixed"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _setup(doc: DocxDocument) -> None:
    """Page, margins, grid, default font and line spacing of the whole document."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, BODY_FONT, BODY_FONT)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT, BODY_FONT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_TWIPS / 20)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False  # 公文 fill every line of the block
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_MM)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    _declare_fonts(doc)
    doc.core_properties.title = ""
    doc.core_properties.author = "fazhi"
    doc.core_properties.comments = "GB/T 9704-2012"


def _indent_chars(paragraph: Paragraph, *, first: int = 0, left: int = 0, right: int = 0) -> None:
    """Indents in characters (w:…Chars, hundredths of a character), which Word and WPS keep on the grid."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    for attr, chars in (("firstLine", first), ("left", left), ("right", right)):
        if chars:
            ind.set(qn(f"w:{attr}Chars"), str(chars * 100))
            ind.set(qn(f"w:{attr}"), str(chars * BODY_PT * 20))


def _no_grid(paragraph: Paragraph) -> None:
    """Let large type keep its own width instead of taking two grid cells per character."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().insert_element_before(snap, "w:spacing", "w:ind", "w:jc", "w:rPr")


def _add(
    doc: DocxDocument,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    title: bool = False,
    red: bool = False,
    first: int = 0,
    right: int = 0,
) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    if first or right:
        _indent_chars(paragraph, first=first, right=right)
    if text:
        run = paragraph.add_run(text)
        if title:
            run.font.size = Pt(TITLE_PT)
            _set_fonts(run._r.get_or_add_rPr(), TITLE_FONT, TITLE_FONT)
            _no_grid(paragraph)
        if red:
            run.font.color.rgb = RED
    return paragraph


def _red_rule(paragraph: Paragraph) -> None:
    """The red separator the width of the text block, 4 mm below the 发文字号 (GB/T 9704 §7.2.4)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("val", "single"), ("sz", "8"), ("space", "11"), ("color", "FF0000")):
        bottom.set(qn(f"w:{attr}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, "w:snapToGrid", "w:spacing", "w:ind", "w:jc", "w:rPr")


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """Page number "— 1 —" in 4号宋体, one character in from the outer edge: odd pages right, even left (§7.5)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(PAGE_NUMBER_PT)
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:right" if odd else "w:left"), str(PAGE_NUMBER_PT * 20))
    _no_grid(paragraph)

    def run(text: str):
        r = paragraph.add_run(text)
        r.font.size = Pt(PAGE_NUMBER_PT)
        _set_fonts(r._r.get_or_add_rPr(), NUMBER_FONT, NUMBER_FONT)
        return r

    run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    field.append(run("1")._r)
    paragraph._p.append(field)
    run(" —")


def _table(doc: DocxDocument, spec: Table) -> None:
    """A bordered form the width of the text block: labels centred in a 40 mm column, values in the rest.

    Cells keep the body font and line pitch, so the form stays on the page grid; rows grow with their text.
    """
    widths = (Mm(40), Mm(TEXT_W - 40))
    table = doc.add_table(rows=len(spec.rows), cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row, spec_row in zip(table.rows, spec.rows, strict=True):
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Pt(LINE_TWIPS / 20 * spec_row.lines)
        for cell, width, text, align in zip(
            row.cells,
            widths,
            (spec_row.label, spec_row.value),
            (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT),
            strict=True,
        ):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = align
            if text:
                paragraph.add_run(text)


def build(key: str, spec: Spec) -> DocxDocument:
    """One template: 版头 (organisation, number, red rule), title, addressee or parties, body, signature."""
    doc = Document()
    _setup(doc)
    body = doc.paragraphs[0]._p if doc.paragraphs else None
    if body is not None:
        body.getparent().remove(body)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _add(doc, "{{ organisation }}", align=center, title=True, red=True)
    _add(doc)
    _red_rule(_add(doc, "{{ number }}", align=center))
    _add(doc)
    _add(doc, "{{ title }}", align=center, title=True)
    _add(doc)
    if spec.addressee:
        _add(doc, spec.addressee, align=WD_ALIGN_PARAGRAPH.LEFT)
    elif spec.addressee is not None:
        _add(doc, "{%p for p in parties %}")
        _add(doc, "{{ p.role }}：{{ p.name }}", first=2)
        _add(doc, "{%p endfor %}")
    for part in spec.body:
        if isinstance(part, Loop):
            _add(doc, f"{{%p for item in {part.name} %}}")
            _add(doc, "{{ loop.index }}. {{ item }}", first=2)
            _add(doc, "{%p endfor %}")
        elif isinstance(part, Each):
            _add(doc, f"{{%p for {part.clause} %}}")
            _add(doc, part.text, first=2)
            _add(doc, "{%p endfor %}")
        elif isinstance(part, If):
            _add(doc, f"{{%p if {part.condition} %}}")
            _add(doc, part.text, first=2)
            _add(doc, "{%p endif %}")
        elif isinstance(part, Table):
            _table(doc, part)
        else:
            _add(doc, part, first=2)
    if spec.closing:
        _add(doc, spec.closing, first=2)
    if spec.recipient:
        _add(doc, spec.recipient, align=WD_ALIGN_PARAGRAPH.LEFT)
    _add(doc)
    for line in spec.signatures:
        _add(doc, line, first=2)
    if spec.signatures:
        _add(doc)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    _add(doc, "{{ organisation }}", align=right, right=2)
    _add(doc, "{{ issued_on }}", align=right, right=4)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    doc.core_properties.title = key
    return doc


def main(out: Path = OUT) -> list[Path]:
    """Write every built-in template to `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for key, spec in SPECS.items():
        path = out / f"{key}.docx"
        build(key, spec).save(str(path))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(p)
