"""fazhi.core.csp.CSPMiddleware gives the headers django-csp's own middleware gives, built once."""

from __future__ import annotations

import pytest
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from fazhi.core.csp import CSPMiddleware


def _headers(middleware_class, *, nonce=False, exempt=False, update=None, status=200, path="/api/v1/cases/"):
    request = RequestFactory().get(path)

    def view(req):
        response = HttpResponse("x", status=status)
        if nonce:
            str(req.csp_nonce)  # a template that took the nonce
        if exempt:
            response._csp_exempt = True
        if update:
            response._csp_update = update
        return response

    response = middleware_class(view)(request)
    return {k: v for k, v in response.items() if "Content-Security-Policy" in k}, request


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"nonce": True}, {"exempt": True}, {"update": {"img-src": ["https://example.org"]}}, {"status": 404}],
)
def test_same_headers_as_django_csp(kwargs, settings):
    ours, _ = _headers(CSPMiddleware, **kwargs)
    theirs, _ = _headers(LibraryCSPMiddleware, **kwargs)
    if kwargs.get("nonce"):  # a fresh nonce each request: compare the policy with it taken out
        theirs = {k: v.split("'nonce-")[0] for k, v in theirs.items()}
        ours = {k: v.split("'nonce-")[0] for k, v in ours.items()}
    assert ours == theirs
    assert bool(ours) != bool(kwargs.get("exempt"))


def test_a_changed_setting_changes_the_header(settings):
    before, _ = _headers(CSPMiddleware)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    after, _ = _headers(CSPMiddleware)
    assert before != after and after == _headers(LibraryCSPMiddleware)[0]
    assert after == {"Content-Security-Policy": "default-src 'none'"}


def test_a_nonce_asked_for_after_the_response_is_an_error():
    from csp.exceptions import CSPNonceError

    _, request = _headers(CSPMiddleware)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
