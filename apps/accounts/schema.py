"""OpenAPI description of the portal's token authentication (drf-spectacular extension;
imported by ``AccountsConfig.ready``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "Token-based authentication with required prefix \"Token\" "
            "(POST /api/v1/auth/token/). Expires 30 days after its last use by default.",
        }


class OperatorTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.accounts.authentication.OperatorTokenAuthentication"
    name = "operatorTokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "An operator's machine token (POST /api/v1/charging/operator/tokens/) "
            "with the prefix \"Token\".",
        }
