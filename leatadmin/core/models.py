from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """One row per create form handed out, so submitting it twice (double
    click, reload, back and resubmit) creates one thing in Leat, not two."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.token
