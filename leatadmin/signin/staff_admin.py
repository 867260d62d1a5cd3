"""For an administrator (permission auth.change_user): each member of staff's
sign-in, and the two things to do for them: end their sessions (a lost phone,
someone leaving) and reset a lost second factor (they set up a new one at their
next sign-in). Both ask for the fresh check and are audited."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import audit, sessions
from .fresh import fresh_check_required

PERMISSION = "auth.change_user"


@permission_required(PERMISSION, raise_exception=True)
def staff_list(request: HttpRequest) -> HttpResponse:
    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(
            codes=Count("authenticator", filter=Q(authenticator__type=Authenticator.Type.TOTP)),
            keys=Count("authenticator", filter=Q(authenticator__type=Authenticator.Type.WEBAUTHN)),
        )
        .order_by("username")
    )
    return render(request, "signin/staff_list.html", {"people": people})


@require_POST
@permission_required(PERMISSION, raise_exception=True)
@fresh_check_required
def end_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=pk)
    keep = request.session.session_key if person == request.user else None
    ended = sessions.end(person, keep=keep)
    audit.record("signin.sessions_ended", about=person, by=request.user, request=request, sessions=ended, which="all")
    messages.success(request, _("%(name)s is signed out everywhere.") % {"name": person.get_username()})
    return redirect("signin:staff")


@require_POST
@permission_required(PERMISSION, raise_exception=True)
@fresh_check_required
def reset_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """Every factor goes (codes, keys, recovery codes) and every session with them:
    at their next sign-in, after the password, they set up a new one."""
    person = get_object_or_404(get_user_model(), pk=pk)
    removed = sorted(set(Authenticator.objects.filter(user=person).values_list("type", flat=True)))
    Authenticator.objects.filter(user=person).delete()
    ended = sessions.end(person, keep=request.session.session_key if person == request.user else None)
    audit.record("signin.factor_reset", about=person, by=request.user, request=request, factors=removed, sessions=ended)
    messages.success(request, _("%(name)s's second factor is reset: they set up a new one at their next sign-in.") % {"name": person.get_username()})
    return redirect("signin:staff")
