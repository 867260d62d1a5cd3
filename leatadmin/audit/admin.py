from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries can be looked at, never added, changed or deleted."""

    list_display = ("created_at", "username", "action", "target_type", "target_label", "outcome", "error_code")
    list_filter = ("action", "target_type", "outcome")
    search_fields = ("username", "target_id", "target_label")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
