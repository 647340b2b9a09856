"""Which client a request comes from, as rate limits and the login lockout count it.

Behind no proxy that is REMOTE_ADDR. Behind TRUSTED_PROXIES proxies that each append the address
they received from to X-Forwarded-For (nginx: ``proxy_set_header X-Forwarded-For
$proxy_add_x_forwarded_for``), the client is the TRUSTED_PROXIES-th address from the right: what
a client writes into the header itself stays to the left of it and is never trusted.

IPv6 addresses are grouped by their /64: one home, phone or server gets a whole /64, so counting
single addresses would give one attacker billions of fresh counters.
"""
import ipaddress

from django.conf import settings

IPV6_GROUP_PREFIX = 64


def client_address(request):
    """The client's address (IPv6: its /64 network address) or "" when it cannot be told."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            address = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return grouped(address)


def grouped(address):
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_GROUP_PREFIX}", strict=False).network_address)
    return str(ip)


def axes_client_address(request):
    """AXES_CLIENT_IP_CALLABLE: the login lockout counts the same clients as the rate limits."""
    return client_address(request) or None
