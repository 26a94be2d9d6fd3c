from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    PREFECTURAL = "prefectural", _("prefectural")
    BASIC = "basic", _("basic")


class Procuratorate(models.Model):
    """A people's procuratorate (人民检察院), one node of the tree rooted at the SPP.

    ``code`` is the six-digit GB/T 2260 division code of the area it serves (``000000`` for
    the SPP). ``path`` lists the codes from the root, so a subtree is one prefix match.
    """

    code = models.CharField(max_length=12, unique=True)
    level = models.CharField(max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=128, db_index=True)
    name_zh = models.CharField(max_length=64)
    name_en = models.CharField(max_length=160)
    abbreviation = models.CharField(
        max_length=8, help_text="Short form used in case numbers, e.g. 京朝检"
    )
    division_type = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.code})"

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def is_within(self, other: "Procuratorate") -> bool:
        """True when this unit is ``other`` or one of its subordinates."""
        return self.path.startswith(other.path)
