"""What an email template can reach: plain values, a few tags, nothing else.

Every context given to an email template (the default files and organizer templates alike) is a
dict of str, int, bool and None, and lists and dicts of those: `ensure_plain` refuses anything
else, so no model, queryset, manager or callable is ever in reach of a template
(`{{ event.registrations.all }}` has nothing to walk).

Organizer templates, which any account allowed to edit templates writes, are compiled by a
separate engine on top of that: no context processors, the i18n library only, the default
filters, the default tags but `debug`, `csrf_token`, `url` and `querystring`, and `include` of
the default wording's two parts only (emails/_event.txt, emails/_signature.txt, so a pasted
default file works); no `extends`, no file loader. Unknown names render empty. This module's
`register` is that engine's tag and filter library.
"""
import functools

from django.template import Engine, Library, TemplateSyntaxError, engines
from django.template import defaultfilters, defaulttags, loader_tags
from django.template.base import FilterExpression, Lexer, Node, NodeList, TokenType, Variable
from django.template.smartif import TokenBase
from django.templatetags.i18n import BlockTranslateNode
from django.utils.translation import gettext as _

ORGANIZER_PREAMBLE = "{% load i18n %}"
INCLUDABLE = ("emails/_event.txt", "emails/_signature.txt")
REFUSED_TAGS = ("debug", "csrf_token", "url", "querystring")
PLAIN_SCALARS = (str, int, type(None))  # bool is an int

register = Library()
register.tags.update({name: tag for name, tag in defaulttags.register.tags.items() if name not in REFUSED_TAGS})
register.tags["include"] = loader_tags.register.tags["include"]
register.filters.update(defaultfilters.register.filters)


class NotPlain(TypeError):
    """A template context holds something other than plain values: a programming error."""


def ensure_plain(context, path="context"):
    """Raise NotPlain unless `context` is made of str/int/bool/None, lists, tuples and str-keyed dicts."""
    if isinstance(context, PLAIN_SCALARS):
        return
    if isinstance(context, dict):
        for key, value in context.items():
            if not isinstance(key, str):
                raise NotPlain(f"{path} has a key that is not a string: {key!r}")
            ensure_plain(value, f"{path}.{key}")
        return
    if isinstance(context, (list, tuple)):
        for index, value in enumerate(context):
            ensure_plain(value, f"{path}[{index}]")
        return
    raise NotPlain(f"{path} is a {type(context).__name__}: email templates see plain values only")


class SandboxEngine(Engine):
    default_builtins = [__name__]


@functools.cache
def organizer_engine():
    trusted = engines["django"].engine
    parts = {name: trusted.get_template(name).source for name in INCLUDABLE}
    return SandboxEngine(
        loaders=[("django.template.loaders.locmem.Loader", parts)], context_processors=[],
        libraries={"i18n": "django.templatetags.i18n"}, string_if_invalid="", autoescape=False,
    )


def compile_organizer_template(source):
    return organizer_engine().from_string(ORGANIZER_PREAMBLE + source)


def _refused_tag(source):
    """A clear message for a tag organizers may not use, before the compiler's less clear one."""
    for token in Lexer(source).tokenize():
        if token.token_type != TokenType.BLOCK:
            continue
        bits = token.split_contents()
        name = bits[0] if bits else ""
        if name == "include":
            included = bits[1].strip("\"'") if len(bits) > 1 and bits[1][:1] in "\"'" else None
            if included not in INCLUDABLE:
                return _("An email template can include only %(names)s.") % {"names": ", ".join(INCLUDABLE)}
        elif name in ("extends", "block") or name in REFUSED_TAGS:
            return _("An email template cannot use {%% %(tag)s %%}; it sees only the placeholders listed on this "
                     "page.") % {"tag": name}
    return None


def template_problem(source):
    """Why `source` cannot be an organizer's template (refused tag or syntax error), else None."""
    refused = _refused_tag(source)
    if refused:
        return refused
    try:
        compile_organizer_template(source)
    except TemplateSyntaxError as error:
        return str(error)
    return None


def _names_in(value, found):
    """Collect the dotted names that `value` (a piece of a compiled template) looks up."""
    if isinstance(value, Variable):
        if value.lookups:
            found.add(value.lookups)
    elif isinstance(value, FilterExpression):
        _names_in(value.var, found)
        for _filter, arguments in value.filters:
            for _is_lookup, argument in arguments:
                _names_in(argument, found)
    elif isinstance(value, (list, tuple, NodeList)):
        for item in value:
            _names_in(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _names_in(item, found)
    elif isinstance(value, (Node, TokenBase)) or type(value).__module__.startswith("django.template"):
        for attribute, item in vars(value).items():
            if attribute not in ("origin", "token", "parent", "nodelist_parent"):
                _names_in(item, found)


def _local_names(nodes):
    """Names a template sets itself: loop variables, `with` names, `as` targets, blocktranslate's own."""
    local = {"forloop"}
    for node in nodes:
        local.update(getattr(node, "loopvars", ()))
        local.update(getattr(node, "extra_context", {}) or {})
        for attribute in ("asvar", "countervar", "variable", "variable_name", "var_name", "target"):
            name = getattr(node, attribute, None)
            if isinstance(name, str):
                local.add(name)
    return local


def used_names(source):
    """The dotted names an organizer's template reads from its context, e.g. {"first_name", "event.city"}."""
    template = compile_organizer_template(source)
    nodes = template.nodelist.get_nodes_by_type(Node)
    found = set()
    for node in nodes:
        _names_in(node, found)
        if isinstance(node, BlockTranslateNode):
            for token in [*node.singular, *(node.plural or [])]:
                if token.token_type == TokenType.VAR:
                    found.add(tuple(token.contents.split(".")))
    local = _local_names(nodes)
    return {".".join(lookups) for lookups in found if lookups[0] not in local}
