"""The business lines (业务条线) fazhi runs; one key per line, used by cases, memberships and indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Line(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("行政复议")
    MEDIATION = "mediation", _("人民调解")
    LEGAL_AID = "legal_aid", _("法律援助")
    LEGALITY = "legality", _("合法性审核")
    SUPERVISION = "supervision", _("行政执法监督")
    SERVICES = "services", _("公共法律服务")
    CORRECTIONS = "corrections", _("社区矫正")
    PUBLICITY = "publicity", _("普法")
    INTEGRITY = "integrity", _("诚信建设")
    AGENCIES = "agencies", _("公证鉴定仲裁")
