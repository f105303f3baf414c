"""Administrators manage users, organisations and memberships here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from fazhi.accounts.models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("fazhi", {"fields": ["full_name"]}))  # type: ignore[misc]
    list_display = ["username", "full_name", "is_active", "last_login"]
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "short_name", "parent"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["region", "parent"]
