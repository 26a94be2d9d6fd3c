import json

from django.core.management.base import BaseCommand, CommandError

from procuracy.parties.identifiers import InvalidIdentifier, parse_citizen_id, parse_credit_code

EXIT_STATUS = (
    "Exit status: 0 when every value is valid, 1 when any is invalid (the whole list is printed "
    "all the same, and a summary line goes to standard error)."
)


def _citizen_id_fields(citizen_id):
    return {
        "normalised": citizen_id.value,
        "birth_date": citizen_id.birth_date.isoformat(),
        "sex": citizen_id.sex,
        "region_code": citizen_id.region_code,
    }


def _credit_code_fields(code):
    return {
        "normalised": code.value,
        "registration_authority": code.registration_authority,
        "organisation_category": code.organisation_category,
        "division_code": code.division_code,
        "organisation_code": code.organisation_code,
    }


def _citizen_id_line(citizen_id):
    return (
        f"valid  {citizen_id.value}  born {citizen_id.birth_date.isoformat()}  "
        f"{citizen_id.sex}  region {citizen_id.region_code}"
    )


def _credit_code_line(code):
    return (
        f"valid  {code.value}  authority {code.registration_authority} "
        f"({code.registration_authority_name})  category {code.organisation_category} "
        f"({code.organisation_category_name})  division {code.division_code}  "
        f"organisation code {code.organisation_code}"
    )


CHECKS = {
    "check-id": (parse_citizen_id, _citizen_id_fields, _citizen_id_line),
    "check-uscc": (parse_credit_code, _credit_code_fields, _credit_code_line),
}


class Command(BaseCommand):
    help = (
        "Check citizen identity numbers and unified social credit codes.\n"
        "check-id: GB 11643 citizen identity numbers; check-uscc: GB 32100 credit codes. "
        + EXIT_STATUS
    )
    # Pure validation: needs neither the database nor the system checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True, metavar="{check-id,check-uscc}")
        check_id = sub.add_parser(
            "check-id",
            help="check citizen identity numbers (18 characters; 15-digit ones are converted)",
            description="Check citizen identity numbers under GB 11643-1999 and show the birth "
            "date, sex and address code of each valid one. A 15-digit first-generation number is "
            "converted to 18 digits. " + EXIT_STATUS,
        )
        check_uscc = sub.add_parser(
            "check-uscc",
            help="check unified social credit codes",
            description="Check unified social credit codes under GB 32100-2015 (both the "
            "organisation code's and the code's check characters) and show the parts of each "
            "valid one. " + EXIT_STATUS,
        )
        for subparser in (check_id, check_uscc):
            subparser.add_argument("values", nargs="+", metavar="VALUE")
            subparser.add_argument(
                "--json",
                action="store_true",
                dest="as_json",
                help="print a JSON list, one object per value",
            )

    def handle(self, *args, sub, values, as_json=False, **options):
        parse, fields, line = CHECKS[sub]
        results = []
        for value in values:
            try:
                parsed = parse(value)
            except InvalidIdentifier as exc:
                results.append(({"value": value, "valid": False, "reason": exc.reason}, None))
            else:
                results.append(({"value": value, "valid": True, **fields(parsed)}, parsed))

        if as_json:
            self.stdout.write(json.dumps([r for r, _ in results], ensure_ascii=False, indent=2))
        else:
            width = max(len(value) for value in values)
            for result, parsed in results:
                text = line(parsed) if parsed else f"invalid  {result['reason']}"
                self.stdout.write(f"{result['value']:<{width}}  {text}")

        invalid = sum(1 for result, _ in results if not result["valid"])
        if invalid:
            noun = "value" if len(values) == 1 else "values"
            verb = "is" if invalid == 1 else "are"
            raise CommandError(f"{invalid} of {len(values)} {noun} {verb} invalid")
