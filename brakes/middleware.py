from .limiter import RateLimited
from .responses import too_many_requests


class RateLimitMiddleware:
    """Answers brakes.RateLimited, raised in any view, with the 429 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, retry_after=exception.retry_after, reason="form")
        return None
