"""How dates, numbers and money are written, one module per language.

Django reads these through FORMAT_MODULE_PATH before its own locale formats,
so each language has exactly one style; `core/templatetags/leat_format.py`
is the one place that applies them (templates, tables and messages alike).
"""
