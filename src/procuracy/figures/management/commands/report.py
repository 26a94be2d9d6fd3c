import sys

from django.core.management.base import BaseCommand, CommandError

from procuracy.core.errors import DomainError
from procuracy.figures import report, service


class Command(BaseCommand):
    help = "The work report for a year and a procuratorate, from the ledger's figures."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--org", default="000000", help="procuratorate code (default: SPP)")
        parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="default zh")
        parser.add_argument(
            "--format", choices=("md", "html", "docx"), default="md", dest="fmt",
            help="default md",
        )  # fmt: skip
        parser.add_argument(
            "-o", "--output", help="file to write (required for docx; '-': standard output)"
        )

    def handle(self, *args, year, org, lang, fmt, output, **options):
        if output is not None and not output.strip():
            raise CommandError("-o: give a file name (or leave the option out)")
        if output == "-":
            output = None  # standard output
        if fmt == "docx" and not output:
            raise CommandError("--format docx writes a Word file: give -o FILE.docx")
        try:
            result = service.figures(year, org, "work-report")
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        name = result.unit.name_zh if lang == "zh" else result.unit.name_en
        doc_title = report.title(name, year, lang)
        sections = report.build(
            result.values, lang, year=year, unit=result.unit, whole=report.whole_flow()
        )
        if fmt == "docx":
            data = report.to_docx(doc_title, sections, lang)
        elif fmt == "html":
            data = report.to_html(doc_title, sections, lang).encode()
        else:
            data = report.to_markdown(doc_title, sections, lang).encode()
        if output:
            try:
                with open(output, "wb") as fh:
                    fh.write(data)
            except OSError as exc:
                raise CommandError(f"{output}: {exc.strerror}") from None
            self.stdout.write(f"wrote {output}")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
