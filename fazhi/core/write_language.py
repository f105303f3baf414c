"""Writes happen in the platform's language (zh-hans), whatever language the clerk reads.

The case kernel stores some labels as text when a step is taken (CaseEvent.label, Deadline.label, the history
writer's cached step names): under an English session they would be stored in English and shown so to every Chinese
reader afterwards. Until the kernel stores those labels in settings.LANGUAGE_CODE itself, this middleware runs every
request that may write (any method but GET/HEAD/OPTIONS/TRACE) in the platform's language: a refused form then comes
back in Chinese (with <html lang="zh-Hans">, so screen readers still read it right), and the page after the redirect is
in the reader's language again. Reads, and so every page and download, keep the reader's language; official
documents are always Chinese anyway (fazhi.documents.services.document_render).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class WriteInPlatformLanguageMiddleware:
    """After LocaleMiddleware: a request that may write runs under translation.override(settings.LANGUAGE_CODE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS or request.path_info.startswith("/i18n/"):
            return self.get_response(request)
        with translation.override(settings.LANGUAGE_CODE):
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE  # type: ignore[attr-defined]
            response = self.get_response(request)
        response.headers["Content-Language"] = settings.LANGUAGE_CODE
        return response
