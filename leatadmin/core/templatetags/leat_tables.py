"""`{% table_html table %}`: the tables' template (core/table.html) in one tag."""

from __future__ import annotations

from django import template

from leatadmin.core.table_html import table_html as write

register = template.Library()


@register.simple_tag(takes_context=True)
def table_html(context: template.Context, table) -> str:
    return write(table, context["request"])
