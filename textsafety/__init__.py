"""Text from outside made safe to keep, show and hand to a spreadsheet (bottom floor: imports no app).

`cleaning` normalizes what people type and drops the invisible characters that spoof a name;
`fields` are the form fields that apply it; `spreadsheets` escapes formulas in exported cells.
"""
