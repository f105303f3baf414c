"""Choices of the people's mediation line (人民调解法 2010; MOJ statistical categories)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeKind(models.TextChoices):
    VILLAGE = "village", _("村（居）民调解委员会")  # art. 8 ¶1, required
    TOWNSHIP = "township", _("乡镇（街道）调解委员会")  # art. 34
    ENTERPRISE = "enterprise", _("企事业单位调解委员会")  # art. 8 ¶1, optional
    INDUSTRY = "industry", _("行业性、专业性调解委员会")  # art. 34


class IndustryField(models.TextChoices):
    NONE = "", _("—")
    TRAFFIC = "traffic", _("道路交通")
    MEDICAL = "medical", _("医疗纠纷")
    LABOUR = "labour", _("劳动争议")
    PROPERTY = "property", _("物业纠纷")
    OTHER = "other", _("其他")


class Source(models.TextChoices):
    """How a dispute reached the committee (art. 17–18); the statistics count each."""

    PROACTIVE = "proactive", _("主动调解")
    APPLICATION = "application", _("申请调解")
    REFERRAL_COURT = "referral_court", _("法院委托移送")
    REFERRAL_POLICE = "referral_police", _("公安机关委托移送")
    REFERRAL_OTHER = "referral_other", _("其他部门委托移送")


REFERRALS = frozenset({Source.REFERRAL_COURT, Source.REFERRAL_POLICE, Source.REFERRAL_OTHER})

TAXONOMY_VERSION = "moj-15"


class DisputeType(models.TextChoices):
    """The MOJ statistical list of 15 dispute types (statutes.md §2.5); TAXONOMY_VERSION names this version."""

    MARRIAGE_FAMILY = "marriage_family", _("婚姻家庭纠纷")
    NEIGHBOUR = "neighbour", _("邻里纠纷")
    HOUSING_LAND = "housing_land", _("房屋宅基地纠纷")
    CONTRACT = "contract", _("合同纠纷")
    BUSINESS = "business", _("生产经营纠纷")
    DAMAGES = "damages", _("损害赔偿纠纷")
    FOREST_LAND = "forest_land", _("山林土地纠纷")
    EXPROPRIATION = "expropriation", _("征地拆迁纠纷")
    ENVIRONMENT = "environment", _("环境污染纠纷")
    LABOUR = "labour", _("劳动争议纠纷")
    CONSUMER = "consumer", _("消费纠纷")
    MEDICAL = "medical", _("医疗纠纷")
    TRAFFIC = "traffic", _("道路交通事故纠纷")
    PROPERTY_MANAGEMENT = "property_management", _("物业纠纷")
    OTHER = "other", _("其他纠纷")


class AgreementKind(models.TextChoices):
    WRITTEN = "written", _("书面协议")  # art. 28–29
    ORAL = "oral", _("口头协议")  # art. 30


class Performance(models.TextChoices):
    PERFORMED = "performed", _("已履行")
    PARTLY = "partly", _("部分履行")
    NOT_PERFORMED = "not_performed", _("未履行")
    PENDING = "pending", _("履行期未届满")


class ConfirmationResult(models.TextChoices):
    GRANTED = "granted", _("裁定调解协议有效")
    REJECTED = "rejected", _("裁定驳回申请")


class CampaignKind(models.TextChoices):
    SCREENING = "screening", _("矛盾纠纷排查")
    SPECIAL = "special", _("专项行动")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("调解成功")
    FAILED = "failed", _("调解不成，终止调解")
    DECLINED = "declined", _("当事人拒绝调解")


class OrganisationKind(models.TextChoices):
    """Kinds of body this line adds to the kernel's (declared on the line in apps.py)."""

    MEDIATION_COMMITTEE = "mediation_committee", _("人民调解委员会")


class LineRole(models.TextChoices):
    """Roles this line adds to the kernel's (declared on the line in apps.py)."""

    MEDIATOR = "mediator", _("人民调解员")
