from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "procuracy.web"
    label = "web"
