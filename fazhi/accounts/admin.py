"""Administrators manage users, organisations and memberships here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from fazhi.accounts.models import ApiToken, Membership, Organisation, User


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `manage.py api_token create` (the key is shown once there); here: list and revoke."""

    list_display = ["name", "user", "prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "user", "prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            token.revoke()
