from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "procuracy.orgs"
    label = "orgs"
