from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "procuracy.staff"
    label = "staff"
