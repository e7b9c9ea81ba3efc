from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from edubureau.accounts import services
from edubureau.accounts.forms import (
    LoginForm,
    NewUserForm,
    OrgUnitForm,
    OwnPasswordForm,
    PasswordForm,
    UserForm,
    ZoneForm,
)
from edubureau.accounts.models import OrgUnit, SupervisionZone, User
from edubureau.accounts.selectors import current_lockouts
from edubureau.core.roles import Perm
from edubureau.core.scoping import get_visible_or_404
from edubureau.core.views import paginate, query_without_page


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(
    request: HttpRequest, response: Any = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """django-axes calls this when a locked account tries to sign in."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "This account is locked after 5 failed logins. Try again in %(minutes)d minutes, "
        "or ask the security administrator to unlock it."
    ) % {"minutes": minutes}
    form = LoginForm(request, initial={"username": (credentials or {}).get("username", "")})
    return render(request, "accounts/login.html", {"form": form, "lockout_message": message}, status=403)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["password"]:
        services.change_own_password(user=request.user, password=form.cleaned_data["password"])  # type: ignore[arg-type]
        update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:profile")
    token = Token.objects.filter(user=cast(User, request.user)).first()
    return render(request, "accounts/profile.html", {"form": form, "token": token})


@login_required
@require_POST
def token_regenerate(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    Token.objects.filter(user=user).delete()
    Token.objects.create(user=user)
    messages.success(request, _("A new API token has been issued; the old one no longer works."))
    return redirect("accounts:profile")


@login_required
@permission_required(Perm.MANAGE_USERS, raise_exception=True)
def user_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.visible_to(request.user).select_related("org_unit", "zone")
    search = request.GET.get("q", "").strip()
    if search:
        users = users.filter(username__icontains=search) | users.filter(full_name__icontains=search)
    if role := request.GET.get("role"):
        users = users.filter(role=role)
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": paginate(request, users.order_by("username")),
            "query": query_without_page(request),
            "roles": User._meta.get_field("role").choices,
            "search": search,
            "role": role or "",
        },
    )


@login_required
@permission_required(Perm.MANAGE_USERS, raise_exception=True)
def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = get_visible_or_404(User.objects, request.user, pk=pk) if pk else User()
    if user.role in services.ADMINISTRATOR_ROLES:
        return render(request, "accounts/admin_role_refused.html", {"target": user}, status=403)
    form_class = UserForm if pk else NewUserForm
    form = form_class(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid() and (pk or form.cleaned_data.get("password")):
        services.save_user(
            actor=request.user, user=form.save(commit=False), password=form.cleaned_data.get("password")
        )
        messages.success(request, _("User “%(name)s” saved.") % {"name": user.username})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "target": user if pk else None})


@login_required
@permission_required(Perm.MANAGE_USERS, raise_exception=True)
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_visible_or_404(User.objects, request.user, pk=pk)
    if user.role in services.ADMINISTRATOR_ROLES:
        return render(request, "accounts/admin_role_refused.html", {"target": user}, status=403)
    form = PasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["password"]:
        services.reset_password(actor=request.user, user=user, password=form.cleaned_data["password"])
        messages.success(request, _("The password of “%(name)s” has been reset.") % {"name": user.username})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_password.html", {"form": form, "target": user})


@login_required
@permission_required(Perm.MANAGE_USERS, raise_exception=True)
def orgunit_list(request: HttpRequest) -> HttpResponse:
    units = (
        OrgUnit.objects.visible_to(request.user)
        .select_related("parent", "area", "school")
        .order_by("kind", "name")
    )
    return render(
        request,
        "accounts/orgunit_list.html",
        {"page": paginate(request, units), "query": query_without_page(request)},
    )


@login_required
@permission_required(Perm.MANAGE_USERS, raise_exception=True)
def orgunit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    unit = get_visible_or_404(OrgUnit.objects, request.user, pk=pk) if pk else OrgUnit()
    form = OrgUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        services.save_org_unit(actor=request.user, unit=form.save(commit=False))
        messages.success(request, _("Organisation unit saved."))
        return redirect("accounts:orgunit_list")
    return render(request, "accounts/orgunit_form.html", {"form": form, "unit": unit if pk else None})


@login_required
@permission_required(Perm.MANAGE_USERS, raise_exception=True)
def zone_list(request: HttpRequest) -> HttpResponse:
    zones = SupervisionZone.objects.annotate(school_count=Count("schools", distinct=True)).prefetch_related(
        "supervisors"
    )
    return render(request, "accounts/zone_list.html", {"zones": zones})


@login_required
@permission_required(Perm.MANAGE_USERS, raise_exception=True)
def zone_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    zone = get_object_or_404(SupervisionZone, pk=pk) if pk else SupervisionZone()
    form = ZoneForm(request.POST or None, instance=zone)
    if request.method == "POST" and form.is_valid():
        school_pks = [school.pk for school in form.cleaned_data["schools"]]
        services.save_zone(actor=request.user, zone=form.save(commit=False), school_pks=school_pks)
        messages.success(request, _("Supervision zone saved."))
        return redirect("accounts:zone_list")
    return render(request, "accounts/zone_form.html", {"form": form, "zone": zone if pk else None})


@login_required
@permission_required(Perm.UNLOCK_USERS, raise_exception=True)
def lockout_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/lockout_list.html", {"lockouts": current_lockouts()})


@login_required
@permission_required(Perm.UNLOCK_USERS, raise_exception=True)
@require_POST
def lockout_clear(request: HttpRequest) -> HttpResponse:
    user = get_object_or_404(User, username=request.POST.get("username", ""))
    services.unlock_user(actor=request.user, user=user)
    messages.success(request, _("Account “%(name)s” unlocked.") % {"name": user.username})
    return redirect("accounts:lockout_list")
