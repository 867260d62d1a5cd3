"""Rewards to collect on the contact page (#29): the panel's own URL, marking
a reward collected and undoing that. Both actions open in the page's action
slot and, when done, refresh the panels in place (`leat-changed`).

Leat lists only the rewards still waiting; a collected one leaves its list.
So what leatadmin marked collected is known from the audit log, and only
those are offered an Undo. Both writes change a state rather than make a
record: a lost answer is settled by reading the contact's list again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from leatadmin.audit.models import AuditEntry
from leatadmin.contacts import page
from leatadmin.contacts.corrections import ContactCorrection, contact_url
from leatadmin.core.claims import fingerprint
from leatadmin.core.results import Settled
from leatadmin.core.templatetags.leat_format import when
from leatadmin.leat.models import CollectableReward

from . import selectors, services
from .forms import CollectForm, UncollectForm
from .panels import COLLECTABLES


@require_GET
@permission_required("staff.view_contacts", raise_exception=True)
def collectables_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    return page.panel_response(request, uuid, COLLECTABLES)


@dataclass(frozen=True)
class Claimed:
    """The reward as Leat lists it for the contact (None when it does not),
    leatadmin's latest collection of it, and whether Leat's list was read
    (not when Leat could not be asked: then nothing is said about it)."""

    reward: CollectableReward | None
    collection: AuditEntry | None
    read: bool = True


class _CollectionAction(ContactCorrection):
    permission = "staff.redeem_vouchers"

    @property
    def reward_uuid(self) -> str:
        return self.kwargs["reward"]

    def collection(self) -> AuditEntry | None:
        return selectors.collections(contact_uuid=self.contact_uuid, reward_uuids=[self.reward_uuid], days=None).get(self.reward_uuid)

    def listed(self) -> CollectableReward | None:
        """The reward as Leat lists it now (an unknown contact: Leat's 55031, a 404)."""
        return selectors.listed(selectors.contact_collectable_rewards(contact_uuid=self.contact_uuid), self.reward_uuid)

    def load(self) -> Claimed:
        return Claimed(self.listed(), self.collection())

    def stand_in(self) -> Claimed:
        return Claimed(None, self.collection(), read=False)

    def form_kwargs(self, target):
        return {"refusal": self.refusal(target) if target.read else ""}

    def refusal(self, target: Claimed) -> str:
        return ""

    def target_id(self, target):
        return self.reward_uuid

    def extra_context(self, target):
        reward, collection = target.reward, target.collection
        before = collection.before if collection is not None else {}
        title = reward.title if reward is not None else before.get("reward", "")
        expires = reward.expires_at if reward is not None else selectors.parsed_at(before.get("expires_at"))
        claimed = reward.created_at if reward is not None else selectors.parsed_at(before.get("claimed_at"))
        facts = [(_("Reward"), title or self.reward_uuid), (_("Claimed"), when(claimed) if claimed else ""), (_("Collect by"), when(expires) if expires else _("No end date"))]
        if collection is not None and reward is None:
            facts.append((_("Marked collected"), _("%(when)s by %(who)s") % {"when": when(collection.created_at), "who": collection.username}))
        return {"facts": facts}

    def _title(self, target: Claimed) -> str:
        if target.reward is not None and target.reward.title:
            return target.reward.title
        return str(target.collection.before.get("reward") or "") if target.collection is not None else ""


class MarkCollected(_CollectionAction):
    form_class = CollectForm
    title, submit, noun = gettext_lazy("Mark a reward collected"), gettext_lazy("Mark collected"), gettext_lazy("collection")
    intro = gettext_lazy("The customer picks up a reward they claimed: once marked collected, Leat no longer lists it as waiting.")

    def refusal(self, target):
        reward, collection = target.reward, target.collection
        if reward is None or reward.has_been_collected:
            if collection is not None:
                said = {"who": collection.username, "when": when(collection.created_at)}
                return _("%(who)s marked this reward collected on %(when)s: nothing was sent.") % said
            return _("This reward is not waiting to be collected (it was collected, or it expired or was undone in Leat): nothing was sent.")
        if reward.is_expired(timezone.now()):
            return _("This reward expired on %(when)s, so it can no longer be collected: nothing was sent.") % {"when": when(reward.expires_at)}
        return ""

    def fingerprint(self, form, target):
        # A collection after an undo of it is a new one, not the same sent twice.
        return fingerprint(selectors.COLLECT, self.reward_uuid, selectors.last_undo(reward_uuid=self.reward_uuid))

    def perform(self, form, target):
        return services.reward_collect(user=self.request.user, contact_uuid=self.contact_uuid, reward=target.reward, note=form.cleaned_data["note"].strip())

    def reconcile(self, form, target, entry):
        """A lost answer: collected if Leat no longer lists the reward as waiting
        (and it had not expired meanwhile, which takes it off the list too)."""
        now = self.listed()
        if now is not None and not now.has_been_collected:
            return None  # still waiting: Leat did not act, but the outcome stays to be checked
        if now is None and target.reward.is_expired(timezone.now()):
            return None
        return Settled(contact_url(self.contact_uuid), after={"collected": True})

    def success_message(self, done, target):
        return _("%(reward)s marked collected.") % {"reward": self._title(target) or _("The reward")}


class UndoCollected(_CollectionAction):
    form_class = UncollectForm
    title, submit, noun, danger = gettext_lazy("Undo a collection"), gettext_lazy("Undo the collection"), gettext_lazy("undo"), True
    intro = gettext_lazy("The reward was not picked up after all (marked by mistake, or brought back): it waits to be collected again. The reason goes into the audit log.")

    def load(self):
        if self.collection() is None:  # asked before Leat: only what leatadmin marked collected is undone here
            raise Http404(_("leatadmin did not mark this reward collected."))
        return super().load()

    def refusal(self, target):
        if target.reward is not None and not target.reward.has_been_collected:
            return _("This reward is waiting to be collected again already (its collection was undone elsewhere): nothing was sent.")
        return ""

    def fingerprint(self, form, target):
        return fingerprint(selectors.UNCOLLECT, self.reward_uuid, target.collection.pk)

    def perform(self, form, target):
        return services.reward_uncollect(user=self.request.user, contact_uuid=self.contact_uuid, collection=target.collection, reason=self.reason(form))

    def reconcile(self, form, target, entry):
        """A lost answer: undone if Leat lists the reward as waiting again."""
        now = self.listed()
        if now is None or now.has_been_collected:
            return None
        return Settled(contact_url(self.contact_uuid), after={"reversed": True, "collected": False})

    def success_message(self, done, target):
        said = {"reward": self._title(target) or _("The reward")}
        if done.obj is not None and not done.obj.has_been_collected:
            return _("%(reward)s is waiting to be collected again.") % said
        return _("Leat undid the collection of %(reward)s.") % said


mark_collected = MarkCollected.as_view()
undo_collected = UndoCollected.as_view()
