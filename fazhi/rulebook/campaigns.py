"""Cleanup campaigns (清理): the one write path for a campaign, its documents and their results.

A campaign reviews the documents of a region on a topic; each document gets one result (statutes.md §5.1, a typical
local rule, [C-sec/LOCAL]): 继续有效, 修改 (拟修改: the document stays in force and its issuer amends it), 废止 or
宣布失效. The results take effect in the registry when the campaign is completed (完成: the lists of documents that
remain valid, are repealed and are declared invalid are published that day), all in one transaction, once:

- 废止 → status 已废止, status_changed_on = the completion date;
- 宣布失效 → status 失效, status_changed_on = the completion date;
- 修改 → the document stays 有效 and its item, applied, is the mark "to be amended" (the amendment itself is a new
  version registered in the registry when the issuer adopts it: the registry's amend);
- 继续有效 → unchanged.

Pages, the demo and tests call these functions; every write runs as the actor (django-auditlog records it).
Errors are `ValidationError`s with Chinese messages, keyed by field where a form has the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts import access as accounts_access
from fazhi.accounts.models import Organisation
from fazhi.audit.context import acting_as
from fazhi.core.regions import subtree_prefix
from fazhi.rulebook import access, services
from fazhi.rulebook.choices import APPLIED, CampaignState, CleanupResult, DocumentKind, Source, Status
from fazhi.rulebook.models import CleanupCampaign, CleanupItem, NormativeDocument
from fazhi.rulebook.search import search

CANDIDATE_LIMIT = 200

# what each applied result makes of the document's status (None: unchanged)
STATUS_AFTER = {
    CleanupResult.REMAIN_VALID: None,
    CleanupResult.AMEND: None,
    CleanupResult.REPEAL: Status.REPEALED,
    CleanupResult.DECLARE_INVALID: Status.INVALID,
}
# results that need their reasons written (继续有效 is the default finding and needs none)
NEEDS_REASONS = (CleanupResult.AMEND, CleanupResult.REPEAL, CleanupResult.DECLARE_INVALID)


# -- who may write: the rule book's rule (fazhi.rulebook.access) -------------------------------------------------
def may_write(user, campaign: CleanupCampaign | None = None) -> bool:
    """Whether the user runs cleanups at all (no campaign) or this campaign: a legality member of a body of the
    campaign's own region (its bureau or the bureau's legality section), who writes that region's documents."""
    if campaign is None:
        return access.may_write(user)
    return access.can_write(user, campaign.region_id)


def _require_writer(actor, campaign: CleanupCampaign) -> None:
    if not may_write(actor, campaign):
        raise PermissionDenied(_("仅本地区司法局合法性审核人员可以办理该清理工作。"))


def writable_documents(actor, documents: QuerySet[NormativeDocument]) -> QuerySet[NormativeDocument]:
    """Those of `documents` the actor may change: of the regions whose bureaus they keep the rule book for. A city
    cleanup's scope reaches the counties below it, but a county's documents are its own bureau's to change
    (`access.can_write`): the city lists only its own."""
    if accounts_access.is_active_superuser(actor):
        return documents
    return documents.filter(region_id__in=access.writable_regions(actor).values("pk"))


def _require_writable(actor, documents: Iterable[NormativeDocument]) -> None:
    """Refuse, naming them, the documents the actor may not change (another region's, a county's in a city
    cleanup)."""
    verdicts: dict[str, bool] = {}
    refused = []
    for doc in documents:
        if doc.region_id not in verdicts:
            verdicts[doc.region_id] = access.can_write(actor, doc.region_id)
        if not verdicts[doc.region_id]:
            refused.append(str(doc))
    if refused:
        raise ValidationError(
            _("以下文件由其所属地区的司法局清理，您不能列入或执行其清理结果：%(docs)s") % {"docs": "、".join(refused)}
        )


def _today() -> date:
    return timezone.localdate()


# -- the campaign ---------------------------------------------------------------------------------------------
def campaign_create(
    *,
    actor,
    organisation: Organisation,
    title: str,
    topic: str,
    started_on: date,
    kinds: Sequence[str] = (),
    issuers: Sequence[str] = (),
    published_from: date | None = None,
    published_to: date | None = None,
    query: str = "",
    due_on: date | None = None,
    source: str = Source.REGISTERED,
) -> CleanupCampaign:
    """Open a cleanup of `organisation`'s region on `topic`, its scope (kinds, issuers, publication dates, search
    words) and its dates."""
    if not access.writing_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("仅司法局合法性审核人员可以组织清理工作。"))
    errors: dict[str, str] = {}
    title, topic, query = title.strip(), topic.strip(), query.strip()
    if not title:
        errors["title"] = _("请填写清理工作名称。")
    if not topic:
        errors["topic"] = _("请填写清理主题。")
    unknown = [k for k in kinds if k not in DocumentKind.values]
    if unknown:
        errors["kinds"] = _("文件类别不正确。")
    if published_from and published_to and published_from > published_to:
        errors["published_to"] = _("公布日期止不能早于公布日期自。")
    if started_on > _today():
        errors["started_on"] = _("开始日期不能晚于今天。")
    if due_on and due_on < started_on:
        errors["due_on"] = _("完成期限不能早于开始日期。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        return CleanupCampaign.objects.create(
            region_id=organisation.region_id,
            organisation=organisation,
            title=title,
            topic=topic,
            kinds=sorted(set(kinds)),
            issuers=sorted({i.strip() for i in issuers if i.strip()}),
            published_from=published_from,
            published_to=published_to,
            query=query,
            started_on=started_on,
            due_on=due_on,
            source=source,
        )


def in_scope(campaign: CleanupCampaign) -> QuerySet[NormativeDocument]:
    """The documents the campaign may review: in force, in its region's subtree, of its kinds, issuers and dates."""
    qs = NormativeDocument.objects.filter(
        region__code__startswith=subtree_prefix(campaign.region_id), status__in=list(APPLIED)
    )
    if campaign.kinds:
        qs = qs.filter(kind__in=campaign.kinds)
    if campaign.issuers:
        qs = qs.filter(issuer__in=campaign.issuers)
    if campaign.published_from:
        qs = qs.filter(published_on__gte=campaign.published_from)
    if campaign.published_to:
        qs = qs.filter(published_on__lte=campaign.published_to)
    return qs


def campaign_candidates(campaign: CleanupCampaign, *, actor, limit: int = CANDIDATE_LIMIT) -> list[NormativeDocument]:
    """Documents in scope that the rule book's search finds for the campaign's words (its query, else its topic),
    best first, not yet on its list, and that `actor` may change (`writable_documents`)."""
    scope = writable_documents(actor, in_scope(campaign).exclude(cleanup_items__campaign=campaign))
    return list(_found(campaign.query or campaign.topic, scope)[:limit])


def _found(query: str, scope: QuerySet[NormativeDocument]) -> QuerySet[NormativeDocument]:
    """The rule book's full-text search within `scope`: every word of the query, ranked, titles first."""
    return search(query, queryset=scope)[0]


def _require_open(campaign: CleanupCampaign) -> None:
    if campaign.state != CampaignState.OPEN:
        raise ValidationError(_("该清理工作已完成，不能再修改。"))


def _locked(campaign: CleanupCampaign) -> CleanupCampaign:
    """The campaign row locked for the transaction: two clerks completing it at once wait for each other."""
    return CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)


def campaign_add(*, campaign: CleanupCampaign, documents: Iterable[NormativeDocument], actor) -> list[CleanupItem]:
    """Put documents on the campaign's list, each at most once, each in its scope, in force and the actor's to
    change (not a county's in a city cleanup)."""
    _require_writer(actor, campaign)
    with transaction.atomic(), acting_as(actor):
        campaign = _locked(campaign)
        _require_open(campaign)
        docs = list(documents)
        if not docs:
            raise ValidationError(_("请选择要列入清理的文件。"))
        allowed = set(in_scope(campaign).filter(pk__in=[d.pk for d in docs]).values_list("pk", flat=True))
        present = set(campaign.items.values_list("document_id", flat=True))
        for doc in docs:
            if doc.pk in present:
                raise ValidationError(_("%(doc)s已列入本次清理。") % {"doc": doc})
            if doc.pk not in allowed:
                raise ValidationError(_("%(doc)s不在本次清理范围内或已不是有效文件。") % {"doc": doc})
        _require_writable(actor, docs)
        return [CleanupItem.objects.create(campaign=campaign, document=doc) for doc in docs]


def campaign_remove(*, item: CleanupItem, actor) -> None:
    """Take a document off an open campaign's list (its result, if any, goes with it)."""
    _require_writer(actor, item.campaign)
    with transaction.atomic(), acting_as(actor):
        _require_open(_locked(item.campaign))
        item.delete()


def item_decide(
    *,
    item: CleanupItem,
    result: str,
    actor,
    reasons: str = "",
    owner: str = "",
    due_on: date | None = None,
    decided_on: date | None = None,
) -> CleanupItem:
    """Record (or change, while the campaign is open) one document's result, its reasons, the unit responsible and
    its deadline. 修改, 废止 and 宣布失效 need reasons; 修改 also the unit that amends and by when."""
    _require_writer(actor, item.campaign)
    decided_on = decided_on or _today()
    errors: dict[str, str] = {}
    reasons, owner = reasons.strip(), owner.strip()
    if result not in CleanupResult.values:
        errors["result"] = _("请选择清理结果。")
    if result in NEEDS_REASONS and not reasons:
        errors["reasons"] = _("清理结果为修改、废止或宣布失效的，应当写明理由。")
    if result == CleanupResult.AMEND and not owner:
        errors["owner"] = _("拟修改的文件应当明确责任单位。")
    if result == CleanupResult.AMEND and not due_on:
        errors["due_on"] = _("拟修改的文件应当明确办理期限。")
    if decided_on > _today():
        errors["decided_on"] = _("决定日期不能晚于今天。")
    elif decided_on < item.campaign.started_on:
        errors["decided_on"] = _("决定日期不能早于清理工作开始日期。")
    if due_on and due_on < decided_on:
        errors["due_on"] = _("办理期限不能早于决定日期。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        _require_open(_locked(item.campaign))
        item = CleanupItem.objects.select_for_update().get(pk=item.pk)
        item.result, item.reasons, item.owner, item.due_on, item.decided_on = result, reasons, owner, due_on, decided_on
        item.save()
        return item


def campaign_close(*, campaign: CleanupCampaign, actor, closed_on: date | None = None) -> CleanupCampaign:
    """Complete the campaign: publish its lists and change the registry by every result, all or nothing, once.

    Refused when the campaign is already complete, has no documents, has a document without a result, has a
    document the actor may not change (another region's: `_require_writable`), or a document is no longer in force
    (repealed or declared invalid since it was added: nothing is applied twice).
    """
    _require_writer(actor, campaign)
    closed_on = closed_on or _today()
    with transaction.atomic(), acting_as(actor):
        campaign = _locked(campaign)
        if campaign.state == CampaignState.CLOSED:
            raise ValidationError(_("该清理工作已于%(on)s完成，清理结果不能重复执行。") % {"on": campaign.closed_on})
        items = list(campaign.items.select_related("document").order_by("id"))
        if not items:
            raise ValidationError(_("清理工作尚未列入任何文件，不能完成。"))
        undecided = [str(i.document) for i in items if not i.result]
        if undecided:
            raise ValidationError(_("以下文件尚未作出清理结果：%(docs)s") % {"docs": "、".join(undecided)})
        _require_writable(actor, [i.document for i in items])
        if closed_on > _today():
            raise ValidationError({"closed_on": _("完成日期不能晚于今天。")})
        latest = max((i.decided_on for i in items if i.decided_on), default=campaign.started_on)
        if closed_on < max(campaign.started_on, latest):
            raise ValidationError({"closed_on": _("完成日期不能早于开始日期和各文件的决定日期。")})
        docs = {
            d.pk: d for d in NormativeDocument.objects.select_for_update().filter(pk__in=[i.document_id for i in items])
        }
        for item in items:
            doc = docs[item.document_id]
            if doc.status not in APPLIED or item.applied_on is not None:
                raise ValidationError(
                    _("%(doc)s已是“%(status)s”状态，清理结果不能再执行。")
                    % {"doc": doc, "status": doc.get_status_display()}
                )
            status = STATUS_AFTER[CleanupResult(item.result)]
            if status is not None:  # the registry's own repeal: relations, open evaluations, the search index
                services.document_end(doc=doc, actor=actor, version=None, status=status, on=closed_on)
            item.applied_on = closed_on
            item.save(update_fields=["applied_on"])
        campaign.state, campaign.closed_on = CampaignState.CLOSED, closed_on
        campaign.save(update_fields=["state", "closed_on"])
        return campaign


def to_amend(region_code: str) -> QuerySet[CleanupItem]:
    """Applied 修改 results in the region's subtree: the documents a cleanup marked to be amended."""
    return CleanupItem.objects.filter(
        result=CleanupResult.AMEND,
        applied_on__isnull=False,
        campaign__region__code__startswith=subtree_prefix(region_code),
    ).select_related("document", "campaign")
