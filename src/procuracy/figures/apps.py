from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "procuracy.figures"
    label = "figures"
