from django.db import models
from django.utils.translation import gettext_lazy as _

from procuracy.orgs.models import Procuratorate


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")
    UNKNOWN = "unknown", _("unknown")


class IdKind(models.TextChoices):
    CITIZEN_ID = "citizen_id", _("resident identity card")
    PASSPORT = "passport", _("passport")
    PERMANENT_RESIDENCE = (
        "foreigner_permanent_residence_card",
        _("foreigner permanent residence card"),
    )
    HK_MACAO_PERMIT = "hk_macao_permit", _("Hong Kong and Macao resident permit")
    TAIWAN_PERMIT = "taiwan_permit", _("Taiwan resident permit")
    OTHER = "other", _("other document")
    NONE = "none", _("no document")


class Person(models.Model):
    """A natural person known to a procuratorate (suspect, victim, applicant, ...).

    The ID number is sensitive: reading it outside the person's own case is audited.
    """

    procuratorate = models.ForeignKey(Procuratorate, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=64)
    id_kind = models.CharField(max_length=40, choices=IdKind.choices, default=IdKind.CITIZEN_ID)
    id_number = models.CharField(max_length=32, blank=True)
    id_country = models.CharField(max_length=3, default="CHN", help_text="ISO 3166 alpha-3")
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["procuratorate", "id_kind", "id_number"],
                condition=~models.Q(id_number=""),
                name="one_person_per_document_per_unit",
            )
        ]
        indexes = [models.Index(fields=["id_number"])]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A legal person or other organisation, identified by its unified social credit code."""

    procuratorate = models.ForeignKey(Procuratorate, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=128)
    credit_code = models.CharField(max_length=18, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["procuratorate", "credit_code"],
                condition=~models.Q(credit_code=""),
                name="one_organisation_per_code_per_unit",
            )
        ]

    def __str__(self) -> str:
        return self.name
