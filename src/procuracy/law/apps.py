from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "procuracy.law"
    label = "law"
