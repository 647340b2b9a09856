"""Security headers beyond Django's SecurityMiddleware: Content-Security-Policy and Permissions-Policy.

Both read their policy from settings (README, "Content-Security-Policy and headers").
"""
from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, plus `settings.CONTENT_SECURITY_POLICY_ADMIN_UPDATE` on the admin's pages.

    A view that sets its own change of the policy (django-csp's `csp_update`, `csp_replace`, `csp`
    decorators) gets only its own, so a page's relaxation is always written next to the page.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        view_has_own_policy = parts.config is not None or parts.update is not None or parts.replace is not None
        if not report_only and not view_has_own_policy and is_admin_page(request):
            parts.update = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_UPDATE", None)
        return parts


def is_admin_page(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and "admin" in match.namespaces


def permissions_policy_header(policy):
    """`{"camera": ["self"], "usb": []}` -> `camera=(self), usb=()` (the header's structured-field syntax)."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from `settings.PERMISSIONS_POLICY`: which browser features a page may use.

    A response that already carries the header keeps its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
