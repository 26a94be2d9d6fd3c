from django.contrib.auth.models import AbstractUser
from django.db import models

from procuracy.orgs.models import Procuratorate

from .roles import DepartmentKind, Role


class User(AbstractUser):
    """A person who logs in: staff, people's supervisor or deputy."""

    display_name = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username


class Department(models.Model):
    procuratorate = models.ForeignKey(
        Procuratorate, on_delete=models.PROTECT, related_name="departments"
    )
    kind = models.CharField(max_length=32, choices=DepartmentKind.choices)
    name_zh = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["procuratorate", "kind"], name="one_department_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procuratorate.name_zh}{self.name_zh}"


class Membership(models.Model):
    """A role a user holds in one procuratorate (and department). A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    procuratorate = models.ForeignKey(
        Procuratorate, on_delete=models.PROTECT, related_name="memberships"
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "procuratorate", "department", "role"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.procuratorate.name_zh}"
