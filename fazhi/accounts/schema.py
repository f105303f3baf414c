"""How the OpenAPI schema (/api/v1/schema/) describes the API's two own authentication classes."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class VerifiedSessionScheme(SessionScheme):
    """The browser session, accepted only once the second factor is passed; described like Django's session."""

    target_class = "fazhi.accounts.authentication.VerifiedSessionAuthentication"
    priority = 0


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "fazhi.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")
        scheme["description"] = "接口令牌：Authorization: Bearer fz_<前缀>_<密钥>（按读、写范围授权，可吊销）"
        return scheme
