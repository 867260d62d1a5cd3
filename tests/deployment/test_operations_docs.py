"""The operator's material (issue 27): the alert rules are valid Prometheus rules
that fire when they should (promtool, when Debian's `prometheus` package is
installed; else parsed), and every metric the rules, the Grafana dashboard and
docs/operations.md name is one the app exposes, each documented, each alert
with its runbook."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
ALERTS = ROOT / "docs" / "prometheus" / "alerts.yml"
DASHBOARD = ROOT / "docs" / "grafana" / "leatadmin.json"
OPERATIONS = ROOT / "docs" / "operations.md"
NAME = re.compile(r"\bleatadmin_[a-z_]+\b")
SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_count", "_sum", "_created"), "gauge": ("",)}


def rules() -> list[dict]:
    return [rule for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]]


def dashboard_queries() -> list[str]:
    return [target["expr"] for panel in json.loads(DASHBOARD.read_text())["panels"] for target in panel.get("targets", [])]


@pytest.fixture
def exposed(settings, db) -> dict[str, set[str]]:
    """The app's metric families, as /metrics names them: {family: the sample names it gives}."""
    settings.METRICS_TOKEN = "docs-test-" + "x" * 20
    text = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {settings.METRICS_TOKEN}").content.decode()
    families = {family.name: family.type for family in text_string_to_metric_families(text) if family.name.startswith("leatadmin_")}
    return {name: {name + suffix for suffix in SUFFIXES.get(kind, ("",))} for name, kind in families.items()}


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool: apt-get install prometheus")
def test_promtool_accepts_the_rules_and_each_alert_fires_when_it_should():
    check = subprocess.run(["promtool", "check", "rules", str(ALERTS)], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    test = subprocess.run(["promtool", "test", "rules", "alerts.test.yml"], cwd=ALERTS.parent, capture_output=True, text=True, timeout=60)
    assert test.returncode == 0, test.stdout + test.stderr


def test_the_rules_have_the_shape_prometheus_reads():
    """Without promtool: what it would refuse first (and what the runbooks need)."""
    found = rules()
    assert {rule["alert"] for rule in found} >= {"LeatErrorRate", "LeatRateLimitNearlyUsedUp", "WritesWithUnknownOutcome", "TaskQueueStuck", "WebhookFailures"}
    for rule in found:
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}, rule
        assert rule["labels"]["severity"] in ("page", "warning") and rule["annotations"]["summary"]
        expr = rule["expr"]
        assert expr.count("(") == expr.count(")") and expr.count("{") == expr.count("}") and expr.count("[") == expr.count("]"), rule["alert"]
        assert re.fullmatch(r"\d+[smh]", rule.get("for", "0m")), rule["alert"]


def test_every_metric_named_is_one_the_app_exposes(exposed):
    samples = set().union(*exposed.values())
    named = {name for expr in [rule["expr"] for rule in rules()] + dashboard_queries() for name in NAME.findall(expr)}
    assert named and named <= samples, named - samples
    in_docs = set(NAME.findall(OPERATIONS.read_text()))
    assert in_docs <= samples | set(exposed), in_docs - samples - set(exposed)


def test_every_metric_is_documented_and_every_alert_has_a_runbook(exposed):
    docs = OPERATIONS.read_text()
    undocumented = [family for family in exposed if f"`{family}" not in docs]
    assert not undocumented, undocumented
    headings = {line.removeprefix("### ").strip() for line in docs.splitlines() if line.startswith("### ")}
    for rule in rules():
        assert rule["alert"] in headings or rule["annotations"]["runbook"].split("#")[1] in {heading.lower() for heading in headings}, rule["alert"]
        anchor = rule["annotations"]["runbook"].split("#")[1]
        assert anchor in {heading.lower() for heading in headings}, anchor
