"""Names in the page's language on the door's cards, by the same rule as the models' `display_name`."""
from django import template

from events.models import localized_name

register = template.Library()


@register.simple_tag
def localized(name, name_ko):
    """`{% localized seat.theme_name seat.theme_name_ko %}`: for names a query annotated, not a model's."""
    return localized_name(name, name_ko)
