from django.apps import AppConfig
from django.core import checks


class FiguresConfig(AppConfig):
    name = "procuracy.figures"
    label = "figures"

    def ready(self):
        checks.register(check_local_indicators)


def check_local_indicators(app_configs=None, **kwargs):
    """The installation's quality indicators (PROCURACY_INDICATORS) are checked at start-up,
    so that a mistake in the file shows before a figure is asked for."""
    from .local import IndicatorError, overrides

    try:
        overrides()
    except IndicatorError as exc:
        return [checks.Error(str(exc), id="figures.E001")]
    return []
