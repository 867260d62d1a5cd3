from django.conf import settings
from django.db import models


class RecentContact(models.Model):
    """A contact a staff member opened, so the last few are one click away."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recent_contacts")
    contact_uuid = models.CharField(max_length=128)
    email = models.CharField(max_length=255)
    name = models.CharField(max_length=255, blank=True)
    viewed_at = models.DateTimeField(auto_now=True, db_index=True)

    KEEP = 10

    class Meta:
        ordering = ["-viewed_at"]
        constraints = [models.UniqueConstraint(fields=["user", "contact_uuid"], name="one_recent_row_per_contact")]

    def __str__(self) -> str:
        return self.email
