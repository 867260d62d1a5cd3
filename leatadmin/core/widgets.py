"""Widgets for forms that are rendered on every view of a busy page.

Django renders a <select> through its template engine, one included template
per <option>: the contact page's transaction filters (a shop list, types,
page sizes) cost more than the table they filter. `QuickSelect` writes the
same HTML in Python.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A <select> with the markup of Django's own template, without the template."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _ in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(format_html('<option value="{}"{}>{}</option>', str(option["value"]), flatatt(option["attrs"]), option["label"]) for option in options)
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))
