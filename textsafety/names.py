"""How a person's name is shown, in one place: Korean names written in Hangul read family name first.

"지우" + "이" is 이지우 (no space), as Koreans write it; names in Latin letters (and in other
scripts) keep the order "given family". The native-script name, when given, follows in brackets.
"""
import unicodedata


def _is_hangul(text):
    if text.isascii():  # most names: no character to look up (the board names thousands of people)
        return False
    letters = [c for c in text if not c.isspace()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("HANGUL") for c in letters)


def person_name(first_name, last_name):
    """ "Jiwoo Lee", or "이지우" when both parts are Hangul; either part may be empty."""
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if _is_hangul(first_name) and _is_hangul(last_name):
        return f"{last_name}{first_name}"
    return f"{first_name} {last_name}".strip()


def full_name(first_name, last_name, native_name=""):
    """The name as every page, email and list shows it: person_name, then the native-script name if given."""
    name = person_name(first_name, last_name)
    native_name = (native_name or "").strip()
    if native_name and native_name != name:
        return f"{name} ({native_name})" if name else native_name
    return name
