"""How the OpenAPI schema (/api/v1/schema/) describes the API's two own authentication classes."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class VerifiedSessionScheme(SessionScheme):
    target_class = "fazhi.accounts.authentication.VerifiedSessionAuthentication"
    priority = 0


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "fazhi.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")
