"""Forms generated from the event declarations: the web adds no rules of its own."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from procuracy.cases.declarations import SOURCE_AGENCIES, EventType
from procuracy.cases.engine import CUSTODY, RANKS, RANKS_EN
from procuracy.cases.flags import CASE_FLAGS


def _label(zh: str, en: str) -> str:
    return zh if (get_language() or "zh-hans").startswith("zh") else en


CUSTODY_EN = {
    "detained": "detained", "arrested": "arrested", "commission_detention": "detention by a "
    "supervision commission", "bail": "bail", "residential_surveillance": "residential "
    "surveillance", "not_detained": "not detained", "at_large": "at large",
}  # fmt: skip


def custody_choices():
    return [(k, _label(v, CUSTODY_EN[k])) for k, v in CUSTODY.items()]


def _ranks():
    return [(k, _label(v, RANKS_EN[k])) for k, v in RANKS.items()]


def charges_widget():
    """A text input suggesting the official charges (``<datalist id="official-charges">``)."""
    return forms.TextInput(attrs={"list": "official-charges", "autocomplete": "off"})


def id_widget(slot: str):
    """ID number input checked inline (GB 11643) by htmx when it changes."""
    return forms.TextInput(attrs={
        "hx-get": "/parties/check-id/", "hx-trigger": "change", "hx-target": f"#{slot}-id-check",
        "hx-swap": "innerHTML", "autocomplete": "off", "hx-include": f"[name='{slot}_id_kind']",
    })  # fmt: skip


def id_kind_choices():
    return [
        ("citizen_id", _("resident identity card")),
        ("credit_code", _("unified social credit code (an organisation)")),
    ]


def parse_charges(text: str) -> list[dict]:
    """Charges separated by new lines or semicolons: ``264 盗窃罪; 266 诈骗罪``."""
    out = []
    for line in (text or "").replace(";", "\n").replace("；", "\n").splitlines():
        line = line.strip()
        if not line:
            continue
        article, _, name = line.partition(" ")
        out.append({"article": article.strip(), "name": name.strip()})
    return out


class EventForm(forms.Form):
    occurred_on = forms.DateField(
        label=_("Legal date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, etype: EventType, person_choices: list[tuple[str, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.etype = etype
        if etype.scope == "person":
            self.fields["persons"] = forms.MultipleChoiceField(
                label=_("Persons"), choices=person_choices, widget=forms.CheckboxSelectMultiple
            )
        for f in etype.fields:
            label = _label(f.zh, f.en)
            if f.kind == "choice":
                field = forms.ChoiceField(
                    label=label, required=f.required,
                    choices=[("", "—")] + [(c.code, _label(c.zh, c.en)) for c in f.choices],
                )  # fmt: skip
            elif f.kind == "bool":
                field = forms.BooleanField(label=label, required=False)
            elif f.kind == "int":
                field = forms.IntegerField(
                    label=label, required=f.required, min_value=f.minimum, max_value=f.maximum
                )
            elif f.kind == "date":
                field = forms.DateField(
                    label=label,
                    required=f.required,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                )
            elif f.kind == "charges":
                field = forms.CharField(
                    label=label,
                    required=f.required,
                    widget=charges_widget(),
                    help_text=_("Article and charge, e.g. 264 盗窃罪; separate several with ;"),
                )
            elif f.kind == "person":
                self.fields["person_name"] = forms.CharField(label=_("Name"))
                self.fields["person_id_number"] = forms.CharField(
                    label=_("ID number"), widget=id_widget("person")
                )
                self.fields["person_custody"] = forms.ChoiceField(
                    label=_("Custody"), choices=custody_choices()
                )
                self.fields["person_charges"] = forms.CharField(
                    label=_("Charges"),
                    widget=charges_widget(),
                    help_text=_("Article and charge, e.g. 264 盗窃罪; separate several with ;"),
                )
                continue
            else:
                field = forms.CharField(
                    label=label, required=f.required, widget=forms.Textarea(attrs={"rows": 2})
                )
            self.fields[f"f_{f.name}"] = field

    def payload(self) -> dict:
        data = self.cleaned_data
        payload = {}
        for f in self.etype.fields:
            if f.kind == "person":
                payload[f.name] = {
                    "name": data["person_name"], "id_number": data["person_id_number"],
                    "custody": data["person_custody"],
                    "charges": parse_charges(data["person_charges"]),
                }  # fmt: skip
                continue
            value = data.get(f"f_{f.name}")
            if f.kind == "charges":
                value = parse_charges(value)
            elif f.kind == "date" and value:
                value = value.isoformat()
            if value in (None, "", []) and f.kind != "bool":
                continue
            payload[f.name] = value
        return payload

    def add_domain_error(self, field: str | None, message: str) -> None:
        name = (field or "").removeprefix("payload.")
        target = {"occurred_on": "occurred_on", "persons": "persons"}.get(name, f"f_{name}")
        self.add_error(target if target in self.fields else None, message)


class CorrectionForm(forms.Form):
    corrects = forms.CharField(widget=forms.HiddenInput)
    occurred_on = forms.DateField(
        label=_("Legal date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )


class _ForKinds:
    """A widget whose options say the case kinds they belong to (``data-kinds``), so that the
    intake page shows a kind's own (static/procuracy/intake.js); every option stays in the
    page without JavaScript, and the server checks what is sent."""

    def __init__(self, *args, kinds: dict[str, list[str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.kinds:
            option["attrs"]["data-kinds"] = " ".join(self.kinds[value])
        return option


class KindCheckboxes(_ForKinds, forms.CheckboxSelectMultiple):
    pass


class KindSelect(_ForKinds, forms.Select):
    pass


class IntakeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Case kind"))
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    agency = forms.ChoiceField(label=_("Transferred by"))
    agency_name = forms.CharField(label=_("Name of the transferring agency"), required=False)
    source_number = forms.CharField(label=_("Their document number"), required=False)
    materials = forms.MultipleChoiceField(
        label=_("Materials received"), required=False, widget=forms.CheckboxSelectMultiple
    )
    complex = forms.BooleanField(label=_("Major or complex case"), required=False)
    flags = forms.MultipleChoiceField(
        label=_("Case-level findings"), required=False, widget=forms.CheckboxSelectMultiple
    )
    PERSON_SLOTS = 3

    def __init__(self, procedures, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(p.kind, _label(p.zh, p.en)) for p in procedures]
        sources: dict[str, list[str]] = {}
        for p in procedures:
            for agency in sorted(p.sources):
                sources.setdefault(agency, []).append(p.kind)
        # the widget before the choices: setting a field's choices gives them to its widget
        self.fields["agency"].widget = KindSelect(kinds=sources)
        self.fields["agency"].choices = [(a.code, _label(a.zh, a.en)) for a in SOURCE_AGENCIES]
        roles = {r.code: _label(r.zh, r.en) for p in procedures for r in p.parties}
        seen, kinds = {}, {}
        for p in procedures:
            for m in p.required_materials:
                seen[m.code] = _label(m.zh, m.en)
                kinds.setdefault(m.code, []).append(p.kind)
        self.fields["materials"].widget = KindCheckboxes(kinds=kinds)
        self.fields["materials"].choices = list(seen.items())
        self.fields["flags"].choices = [(f.code, _label(f.zh, f.en)) for f in CASE_FLAGS]
        for i in range(1, self.PERSON_SLOTS + 1):
            req = i == 1
            self.fields[f"p{i}_name"] = forms.CharField(label=_("Name"), required=req)
            self.fields[f"p{i}_id_kind"] = forms.ChoiceField(
                label=_("Identity document"),
                choices=id_kind_choices(),
                initial="citizen_id",
                required=False,
            )
            self.fields[f"p{i}_id_number"] = forms.CharField(
                label=_("ID number"), required=req, widget=id_widget(f"p{i}")
            )
            self.fields[f"p{i}_custody"] = forms.ChoiceField(
                label=_("Custody"), choices=custody_choices()
            )
            self.fields[f"p{i}_charges"] = forms.CharField(
                label=_("Charges"),
                required=False,
                widget=charges_widget(),
                help_text=_("Article and charge, e.g. 264 盗窃罪; separate several with ;"),
            )
            self.fields[f"p{i}_guilty_plea"] = forms.BooleanField(
                label=_("Admits guilt and accepts punishment"), required=False
            )
            self.fields[f"p{i}_rank"] = forms.ChoiceField(
                label=_("Rank (a suspect who held public office)"),
                required=False,
                choices=[("", "—"), *_ranks()],
            )
            self.fields[f"p{i}_role"] = forms.ChoiceField(
                label=_("Party's role (non-criminal cases)"),
                required=False,
                choices=[("", "—"), *roles.items()],
            )
        self.procedures = {p.kind: p for p in procedures}

    def clean(self):
        data = super().clean()
        procedure = self.procedures.get(data.get("kind"))
        if procedure is None:
            return data
        for i in range(1, self.PERSON_SLOTS + 1):
            if not data.get(f"p{i}_name"):
                continue
            if procedure.parties and not data.get(f"p{i}_role"):
                self.add_error(f"p{i}_role", _("A party of this case needs its role."))
            if not procedure.parties and not data.get(f"p{i}_charges"):
                self.add_error(f"p{i}_charges", _("This field is required."))
        return data

    def case_fields(self):
        return [self[n] for n in self.fields if n[:3] not in ("p1_", "p2_", "p3_")]

    def person_slots(self):
        return [
            (i, [self[n] for n in self.fields if n.startswith(f"p{i}_")])
            for i in range(1, self.PERSON_SLOTS + 1)
        ]

    def persons(self) -> list[dict]:
        data = self.cleaned_data
        parties = bool(self.procedures[data["kind"]].parties)
        out = []
        for i in range(1, self.PERSON_SLOTS + 1):
            if not data.get(f"p{i}_name"):
                continue
            if parties:  # a public interest case's organ or infringer: no custody or charges
                out.append({
                    "key": f"P{len(out) + 1}", "name": data[f"p{i}_name"],
                    "id_kind": data[f"p{i}_id_kind"] or "citizen_id", "id_number": data[f"p{i}_id_number"],
                    "role": data[f"p{i}_role"],
                })  # fmt: skip
                continue
            out.append({
                "id_kind": data[f"p{i}_id_kind"] or "citizen_id",
                "key": f"P{len(out) + 1}", "name": data[f"p{i}_name"],
                "id_number": data[f"p{i}_id_number"], "custody": data[f"p{i}_custody"],
                "charges": parse_charges(data[f"p{i}_charges"]),
                "guilty_plea": data[f"p{i}_guilty_plea"],
            })  # fmt: skip
            if data.get(f"p{i}_rank"):
                out[-1]["rank"] = data[f"p{i}_rank"]
        return out

    def add_domain_error(self, field: str | None, message: str) -> None:
        name = (field or "").removeprefix("payload.")
        if name.startswith("persons.P"):
            slot, _, rest = name.removeprefix("persons.P").partition(".")
            target = f"p{slot}_{rest.split('.')[0]}"
        else:
            target = {
                "materials": "materials",
                "source.agency": "agency",
                "received_on": "received_on",
                "occurred_on": "received_on",
            }.get(name)
        self.add_error(target if target in self.fields else None, message)
