import os

from django.core.wsgi import get_wsgi_application

from config.gc_tuning import tune_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
tune_for_serving()
