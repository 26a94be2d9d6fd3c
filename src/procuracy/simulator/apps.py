from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "procuracy.simulator"
    label = "simulator"
