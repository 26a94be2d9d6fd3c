from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "procuracy.parties"
    label = "parties"
