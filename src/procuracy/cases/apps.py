from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "procuracy.cases"
    label = "cases"
