"""Choices of the lenient-penalty register (免罚轻罚清单) and the strings it shares with the supervision line.

The register is below the lines (layer 4): it never imports `fazhi.supervision`, so the line's key and roles are
written here once, as the strings the line declares (`fazhi/supervision/choices.py` keeps the same values).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

KEEPER_LINE = "supervision"  # the line whose members keep the register and read the decisions
KEEPER_KIND = "supervision_body"  # 行政执法监督机构: its members of the line keep the list and the agency fields
AGENCY_KIND = "enforcement_agency"  # 行政执法机关: the bodies that decide and report
REPORTER_ROLE = "enforcement_reporter"  # 执法数据报送员: an agency's clerk, who reports its own decisions only


class Domain(models.TextChoices):
    """领域: the enforcement field a list entry belongs to (the provincial 免罚轻罚清单 are issued per field)."""

    MARKET_REGULATION = "market_regulation", _("市场监管")
    ECOLOGY_ENVIRONMENT = "ecology_environment", _("生态环境")
    TRANSPORT = "transport", _("交通运输")
    URBAN_MANAGEMENT = "urban_management", _("城市管理")
    CULTURE_TOURISM = "culture_tourism", _("文化旅游")
    EMERGENCY_MANAGEMENT = "emergency_management", _("应急管理")
    TAXATION = "taxation", _("税务")
    NATURAL_RESOURCES = "natural_resources", _("自然资源")
    HEALTH = "health", _("卫生健康")
    HOUSING_CONSTRUCTION = "housing_construction", _("住房城乡建设")
    HUMAN_RESOURCES = "human_resources", _("人力资源社会保障")
    PUBLIC_SECURITY = "public_security", _("公安")
    AGRICULTURE = "agriculture", _("农业农村")


class LenientPenaltyKind(models.TextChoices):
    """免罚轻罚 (GLOSSARY `LenientPenalty`): 行政处罚法 art. 33 ¶1–2 (不予处罚) and art. 32 (从轻或者减轻处罚)."""

    NO_PENALTY = "no_penalty", _("不予处罚")
    REDUCED = "reduced", _("减轻处罚")
    LIGHTER = "lighter", _("从轻处罚")


class PartyKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    PERSON = "person", _("个人")


class Channel(models.TextChoices):
    """How a batch of decisions reached the register."""

    UPLOAD = "upload", _("Excel导入")
    API = "api", _("接口报送")
    DEMO = "demo", _("演示数据")
