from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .actions import record_login
from .models import Kind


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record_login(kind=Kind.LOGIN, username=user.username, user=user, ip=_ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_login(kind=Kind.LOGOUT, username=user.username, user=user, ip=_ip(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    record_login(
        kind=Kind.LOGIN_FAILED, username=str(credentials.get("username", "")), ip=_ip(request)
    )
