"""Middleware of the staff web.

Language: Simplified Chinese unless the user chose English with the switch (a cookie).
Django's LocaleMiddleware would follow the browser's Accept-Language; a procuratorate's staff
system is in Chinese first, whatever the browser says.

Server timing: every response says how long the server worked on it (``Server-Timing:
app;dur=12.3``, W3C Server Timing), for the browser's developer tools and ``bench web``."""

import time

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class ServerTimingMiddleware:
    """First in the chain: the time from the request reaching Django to its response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
        return response


class MethodNotAllowedPage:
    """A page for a 405 (a form's address visited, e.g. by the language switch after a form
    error): Django's answer has an empty body. The ``Allow`` header is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            from django.template.loader import render_to_string

            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
