"""The ledger (append-only, hash-chained per procuratorate) and its projections.

Only ``LedgerEvent`` is the truth. ``Case``, ``CasePerson`` and ``CaseDeadline`` are
projections: ``procuracy ledger replay`` rebuilds them from the ledger alone.
"""

from django.conf import settings
from django.db import models

from procuracy.core.ids import new_id
from procuracy.orgs.models import Procuratorate
from procuracy.parties.models import Person


class LedgerEvent(models.Model):
    """One legally significant act. Never updated or deleted (database triggers refuse it).

    ``hash`` = SHA-256 of the previous event's hash in the same procuratorate's chain and the
    event's canonical text (docs/ledger.md); ``seq`` is its position in that chain.
    """

    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    # Indexed by the chain constraint (procuratorate, seq) and by (case_id, seq) only: every
    # index is paid on every append, and these two are what the readers look up by.
    procuratorate = models.ForeignKey(
        Procuratorate, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    seq = models.PositiveBigIntegerField()
    case_id = models.UUIDField()
    event_type = models.CharField(max_length=64)
    persons = models.TextField(
        blank=True, help_text="case person keys, comma-separated (a decision on many persons)"
    )
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    actor_name = models.CharField(max_length=150, blank=True)
    payload = models.TextField(help_text="canonical JSON")
    basis = models.TextField(help_text="canonical JSON list of articles")
    corrects = models.UUIDField(null=True, blank=True)
    # NULL where no key was given (nearly every event): unique where given, by a partial index
    # that those events add no entry to
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["procuratorate", "seq"], name="one_event_per_chain_position"
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="one_event_per_idempotency_key",
            ),
        ]
        indexes = [models.Index(fields=["case_id", "seq"])]

    def __str__(self) -> str:
        return f"{self.event_type} {self.occurred_on} ({self.id})"


class LedgerHead(models.Model):
    """The last position and hash of each procuratorate's chain (locked while appending)."""

    procuratorate = models.OneToOneField(
        Procuratorate, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head of {self.procuratorate_id} at #{self.seq}"


class CaseNumberCounter(models.Model):
    """The last number given per procuratorate, case kind and year (not a projection: the
    number itself is written into the case.received event)."""

    procuratorate = models.ForeignKey(Procuratorate, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procuratorate", "kind", "year"], name="one_counter")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class Case(models.Model):
    """Projection: a case as its events have made it.

    The projections' indexes are declared in ``Meta``, not with ``db_index`` or ``unique`` on a
    text field: on PostgreSQL those add a second index for ``LIKE 'prefix%'`` that no query
    here uses, and every index is paid on every row an import writes (docs/ledger.md)."""

    id = models.UUIDField(primary_key=True)
    number = models.CharField(max_length=64)
    kind = models.CharField(max_length=64)
    line = models.CharField(max_length=32)
    procuratorate = models.ForeignKey(Procuratorate, on_delete=models.PROTECT, related_name="cases")
    department = models.CharField(max_length=32)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(max_length=40)
    received_on = models.DateField()
    version = models.PositiveIntegerField()
    state = models.JSONField()
    next_due = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_on", "number"]
        constraints = [models.UniqueConstraint(fields=["number"], name="one_case_per_number")]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["stage"])]

    def __str__(self) -> str:
        return self.number


class CasePerson(models.Model):
    """Projection: one person's status in one case."""

    # (looked up by the unique (case, key), which leads with the case)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons", db_index=False)
    key = models.CharField(max_length=8)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=64)
    id_number = models.CharField(max_length=32, blank=True)
    charges = models.CharField(max_length=500, blank=True, help_text="charge names, for search")
    stage = models.CharField(max_length=40)
    custody = models.CharField(max_length=32)
    decision = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="one_key_per_case")]
        indexes = [models.Index(fields=["id_number"])]

    def __str__(self) -> str:
        return f"{self.key} {self.name}"


class CaseDeadline(models.Model):
    """Projection: a deadline of a case, open or closed."""

    # (looked up by the unique (case, key), which leads with the case)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="deadlines", db_index=False
    )
    key = models.CharField(max_length=8)
    rule = models.CharField(max_length=64)
    person_key = models.CharField(max_length=8, blank=True)
    start = models.DateField()
    due = models.DateField(db_index=True)
    status = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="one_deadline_key_per_case")
        ]
        indexes = [models.Index(fields=["rule"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.rule} due {self.due}"


class ApprovalRequest(models.Model):
    """A decision waiting for the approval the law reserves to a department head or the chief
    procurator (e.g. Rules art. 285 ¶3). Not part of the ledger: when approved, the decision is
    recorded as a ledger event naming its approver; a rejection records nothing."""

    class Status(models.TextChoices):
        PENDING = "pending"
        APPROVED = "approved"
        REJECTED = "rejected"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approval_requests")
    procuratorate = models.ForeignKey(Procuratorate, on_delete=models.PROTECT, related_name="+")
    event_type = models.CharField(max_length=64)
    persons = models.TextField(blank=True)
    occurred_on = models.DateField()
    payload = models.JSONField(default=dict)
    approver_role = models.CharField(max_length=32)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    event_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"{self.event_type} on {self.case_id} ({self.status})"
