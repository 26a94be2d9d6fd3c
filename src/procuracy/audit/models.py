from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logout")
    ACCESS_DENIED = "access_denied", _("access denied")
    WRITE = "write", _("write")
    SENSITIVE_READ = "sensitive_read", _("sensitive read")


class AuditEvent(models.Model):
    """One audited act. Append-only in practice: nothing in the code updates or deletes it.

    A *sensitive read* (an ID number searched, a sealed juvenile record opened) names the
    object read and the reason given, so that every such read can be accounted for.
    """

    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    code = models.CharField(max_length=64, blank=True, help_text="action or view name")
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    procuratorate_code = models.CharField(max_length=12, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username} {self.code}"
