"""What people type, in one Unicode form and without invisible formatting characters.

A right-to-left override makes "Admin\\u202egnp.exe" read "Adminexe.png", and a name made of
zero-width spaces shows as nothing, on the board, at the door, on table cards and in emails.
`clean_line` returns the text in NFC (so a name typed as decomposed Hangul or Latin jamo/accents
compares and sorts like the same name typed precomposed) with every format character (Unicode
category Cf: bidirectional controls, zero-width spaces, word joiner, invisible operators, byte-order
mark, soft hyphen, tag characters) and the blank Hangul filler letters removed.

The two joiners are the exception: ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER shape Persian and
Indic spellings and build emoji sequences (👩‍💻 is 👩, U+200D, 💻). They are kept only between two
visible characters outside ASCII, where they do that job, and removed anywhere else (at the ends,
next to a space, in a run of invisible characters, inside plain Latin text). Subdivision flags lose
their tag characters (the flag of England shows as a black flag): a small price for names.
"""
import re
import unicodedata

JOINERS = frozenset("\u200c\u200d")
# Letters (category Lo) that show as nothing: the Hangul fillers make a blank name that Python's
# strip() and isspace() do not see.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
LINE_BREAKING = frozenset(("Cc", "Zl", "Zp"))  # tabs, newlines and other controls in a one-line field

# What makes a mail client or a browser turn text into a link, or an email into HTML: a scheme, a
# www. host, an email address, angle brackets, or a dotted host name such as "evil.example/login"
# (a dot between a letter or digit and two or more letters; the ideographic full stops count too,
# browsers read them as dots in host names).
ADDRESS_LIKE = re.compile(r"://|www[.。．｡]|@|<|>|[^\W_][\w-]*[.。．｡][^\W\d_]{2,}", re.IGNORECASE)


def _invisible(char):
    return unicodedata.category(char) == "Cf" or char in BLANK_LETTERS


def _visible_non_ascii(char):
    return not char.isascii() and not char.isspace() and not _invisible(char)


def _joins(text, index):
    """Whether the joiner at `index` sits between two visible characters outside ASCII."""
    return 0 < index < len(text) - 1 and _visible_non_ascii(text[index - 1]) and _visible_non_ascii(text[index + 1])


def clean_line(value):
    """`value` as one line of visible text: NFC, invisible characters removed, controls as spaces, stripped."""
    text = unicodedata.normalize("NFC", value)
    kept = []
    for index, char in enumerate(text):
        if char in JOINERS:
            if _joins(text, index):
                kept.append(char)
        elif _invisible(char):
            continue
        elif unicodedata.category(char) in LINE_BREAKING:
            kept.append(" ")
        else:
            kept.append(char)
    # Removing a character can bring a letter and its combining mark together: normalize again.
    return unicodedata.normalize("NFC", "".join(kept)).strip()


def looks_like_address(value):
    """Whether `value` holds something a mail client would link or render: a web or email address, or a tag."""
    return ADDRESS_LIKE.search(value) is not None
