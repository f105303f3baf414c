"""Mediation workbench pages: authenticate → scope → permission → call a service or selector → render."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.accounts import access
from fazhi.cases.runner import TransitionError, TransitionForbidden
from fazhi.cases.selectors import case_list
from fazhi.cases.views import staff_required
from fazhi.mediation import selectors
from fazhi.mediation.forms import (
    PARTY_INITIAL,
    BasePartyFormSet,
    CampaignForm,
    CommitteeMemberForm,
    DisputeForm,
    MediatorForm,
    PartyFormSet,
    QuickForm,
    TrainingForm,
    dispute_from,
    quick_from,
)
from fazhi.mediation.models import Campaign, Committee, Mediator
from fazhi.mediation.services import dispute_quick_record, dispute_register


def _intake_organisations(request: HttpRequest):
    if not selectors.may_register(request.user):
        raise PermissionDenied(_("仅人民调解组织的调解员、登记员、承办人可以登记纠纷。"))
    return selectors.intake_organisations(request.user)


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Register a dispute with its parties; the case page then takes it through 受理 and the later steps."""
    organisations = _intake_organisations(request)
    form = DisputeForm(
        request.POST or None,
        organisations=organisations,
        campaigns=selectors.dispute_campaigns(request.user),
        mediators=selectors.dispute_mediators(organisations),
    )
    parties = cast(BasePartyFormSet, PartyFormSet(request.POST or None, initial=PARTY_INITIAL, prefix="party"))
    if request.method == "POST" and form.is_valid() & parties.is_valid():
        try:
            case = dispute_register(
                organisation=form.chosen_organisation(),
                dispute=dispute_from(form.cleaned_data, parties.parties()),
                actor=request.user,
            )
        except TransitionForbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:  # a model rule the form did not foresee: keep the input, show the reason
            form.add_error(None, "；".join(exc.messages))
        except TransitionError as exc:  # the kernel's own rule (a receipt date out of range): the same
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记纠纷：%(number)s") % {"number": case.number})
            return redirect("cases:case_detail", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "mediation/dispute_intake.html", {"form": form, "parties": parties}, status=status)


@staff_required
def quick(request: HttpRequest) -> HttpResponse:
    """One screen for a simple dispute settled on the spot: registered, accepted and closed in one go."""
    organisations = _intake_organisations(request)
    form = QuickForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.chosen_organisation()
        dispute, outcome = quick_from(form.cleaned_data, selectors.own_mediator(request.user, organisation))
        try:
            case = dispute_quick_record(organisation=organisation, dispute=dispute, outcome=outcome, actor=request.user)
        except TransitionForbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except (TransitionError, ValidationError) as exc:
            form.add_error(None, str(exc) if isinstance(exc, TransitionError) else "；".join(exc.messages))
        else:
            return redirect(f"{request.path}?case={case.pk}")
    done = None
    if request.method == "GET" and request.GET.get("case", "").isdigit():
        done = case_list(user=request.user, line=selectors.LINE).filter(pk=int(request.GET["case"])).first()
    status = 400 if request.method == "POST" else 200
    return render(request, "mediation/dispute_quick.html", {"form": form, "done": done}, status=status)


@staff_required
def committee_list(request: HttpRequest) -> HttpResponse:
    """Mediation committees in my region subtrees, with their composition warnings (art. 8)."""
    if not access.can_read(request.user, selectors.LINE):
        raise PermissionDenied
    committees = selectors.committee_list(request.user)
    return render(request, "mediation/committee_list.html", {"committees": committees})


def _committee(request: HttpRequest, pk: int) -> Committee:
    try:
        return selectors.committee_detail(request.user, pk)
    except Committee.DoesNotExist:
        raise Http404 from None


def _render_committee(request: HttpRequest, committee: Committee, status: int = 200, **forms) -> HttpResponse:
    may_manage = selectors.can_manage_committee(request.user, committee)
    mediators = list(selectors.committee_mediators(committee))
    context = {
        "committee": committee,
        "members": committee.members.order_by("left_on", "role", "name"),
        "problems": committee.composition_problems(),
        "mediators": mediators,
        "dispute_count": selectors.committee_dispute_count(committee),
        "may_manage": may_manage,
        "member_form": forms.get("member_form") or CommitteeMemberForm(),
        "mediator_form": forms.get("mediator_form") or MediatorForm(),
        "training_form": forms.get("training_form") or TrainingForm(auto_id=False),
        "blank_training_form": TrainingForm(auto_id=False),
        "training_mediator": forms.get("training_mediator"),
    }
    return render(request, "mediation/committee_detail.html", context, status=status)


@staff_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One committee: kind, term, members, mediators and their trainings, disputes, composition warnings."""
    return _render_committee(request, _committee(request, pk))


def _may_manage(request: HttpRequest, committee: Committee) -> None:
    if not selectors.can_manage_committee(request.user, committee):
        raise PermissionDenied(_("仅司法行政机关的承办人、科室负责人、负责人可以维护调解委员会名册。"))


@require_POST
@staff_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a member (委员) to the committee's roll."""
    committee = _committee(request, pk)
    _may_manage(request, committee)
    form = CommitteeMemberForm(request.POST)
    if not form.is_valid():
        return _render_committee(request, committee, 400, member_form=form)
    form.instance.committee = committee
    member = form.save()
    messages.success(request, _("已添加委员：%(name)s") % {"name": member})
    return redirect("mediation:committee_detail", pk=committee.pk)


@require_POST
@staff_required
def mediator_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a people's mediator to the committee (art. 13)."""
    committee = _committee(request, pk)
    _may_manage(request, committee)
    form = MediatorForm(request.POST)
    if not form.is_valid():
        return _render_committee(request, committee, 400, mediator_form=form)
    form.instance.committee = committee
    mediator = form.save()
    messages.success(request, _("已添加调解员：%(name)s") % {"name": mediator})
    return redirect("mediation:committee_detail", pk=committee.pk)


@require_POST
@staff_required
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a training a mediator attended (art. 14 ¶2)."""
    try:
        mediator = selectors.mediator_in_scope(request.user, pk)
    except Mediator.DoesNotExist:
        raise Http404 from None
    committee = mediator.committee
    _may_manage(request, committee)
    form = TrainingForm(request.POST, auto_id=False)
    if not form.is_valid():
        return _render_committee(request, committee, 400, training_form=form, training_mediator=mediator)
    form.instance.mediator = mediator
    form.save()
    messages.success(request, _("已登记%(name)s的培训记录。") % {"name": mediator.name})
    return redirect("mediation:committee_detail", pk=committee.pk)


@staff_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Screening rounds and special campaigns in my region subtrees, each with its number of disputes."""
    if not access.can_read(request.user, selectors.LINE):
        raise PermissionDenied
    context = {
        "campaigns": selectors.campaign_list(request.user),
        "may_create": selectors.campaign_organisations(request.user).exists(),
    }
    return render(request, "mediation/campaign_list.html", context)


@staff_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    """Start a screening round or special campaign of one of my organisations."""
    organisations = selectors.campaign_organisations(request.user)
    if not organisations:
        raise PermissionDenied(_("您没有登记排查或专项行动的权限。"))
    form = CampaignForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, _("已登记：%(name)s") % {"name": campaign.name})
        return redirect("mediation:campaign_detail", pk=campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "mediation/campaign_form.html", {"form": form}, status=status)


@staff_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One campaign: its disputes I may see, and how many are in each state."""
    try:
        campaign = selectors.campaign_list(request.user).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None
    disputes = selectors.campaign_disputes(request.user, campaign).select_related("mediation")
    context = {
        "campaign": campaign,
        "disputes": disputes,
        "counts": selectors.campaign_counts_by_state(disputes),
    }
    return render(request, "mediation/campaign_detail.html", context)
