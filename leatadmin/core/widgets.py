"""Widgets for forms that are rendered on every view of a busy page.

Django renders a <select> through its template engine, one included template
per <option>: the contact page's transaction filters (a shop list, types,
page sizes) cost more than the table they filter. `QuickSelect` writes the
same HTML in Python.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def attributes(attrs: dict[str, Any]) -> SafeString:
    """As Django's attrs.html writes them: in order, True bare, False left out."""
    return mark_safe("".join(f" {escape(name)}" if value is True else format_html(' {}="{}"', name, value) for name, value in attrs.items() if value is not False))


class QuickSelect(forms.Select):
    """A <select> with the markup of Django's own template, without the template."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], attributes(widget["attrs"]))]
        for group, options, _ in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(format_html('<option value="{}"{}>{}</option>', str(option["value"]), attributes(option["attrs"]), option["label"]) for option in options)
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


class QuickDateInput(forms.DateInput):
    """An <input> with the markup of Django's own template, without the template."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
        return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown, attributes(widget["attrs"]))
