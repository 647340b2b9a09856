"""Brakes every process shares: rate limits, the 429 page, the honeypot field and log redaction.

A bottom-floor app: it imports no app of this project. Views call ``brakes.enforce(request,
scope, address=...)``; brakes.middleware turns the ``RateLimited`` it raises into a 429 page.
"""
from .limiter import RateLimited, enforce, limit_posts, normalized_address

__all__ = ["RateLimited", "enforce", "limit_posts", "normalized_address"]
