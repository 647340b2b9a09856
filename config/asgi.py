import os

from django.core.asgi import get_asgi_application

from config.gc_tuning import tune_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_asgi_application()
tune_for_serving()
