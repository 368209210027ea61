"""Every view builder is built in the pseudo-language somewhere under tests/views (tests.pseudo): a new
builder without a case fails here, so no word can reach people around the catalog unseen."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from models.vocab import CampaignStatus
from tests.pseudo import in_pseudo
from tests.when import START
from views import campaigns, help, plan, reports
from views.examples import examples
from views.i18n import PSEUDO, speaking

VIEWS = Path(__file__).resolve().parents[2] / "views"
# Public functions of views/ that build nothing a person reads, each with why.
NOT_BUILDERS = {
    "read_call_form", "read_campaign_form", "read_done_form", "read_cant_form", "read_implementation_form",
    "read_profile_form", "read_plan_form", "read_keep_form", "read_problem_form",  # read what was submitted
    "draft_id", "response_url_of", "delivery_of", "form_thread", "joining_form", "form_campaign",  # metadata
    "chosen_language", "worded",  # a choice, a Card
    "shorten", "hhmm", "minutes_of", "state_value",  # text helpers without words of their own
    "context", "button", "input_block", "plain", "mrkdwn", "section", "option", "answer",  # Block Kit shapes
    "esc", "link",  # escaping: around words their callers translate
    "export_csv",  # column names are fixed keys for spreadsheets, in English by design
}  # fmt: skip


def test_every_builder_has_a_pseudo_language_case() -> None:
    cases = "".join(path.read_text() for path in Path(__file__).parent.glob("test_pseudo_*.py"))
    missing = []
    for module in sorted(VIEWS.glob("*.py")):
        if module.name in ("__init__.py", "i18n.py"):
            continue
        tree = ast.parse(module.read_text())
        for node in tree.body:
            public = isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
            if public and node.name not in NOT_BUILDERS and not re.search(rf"\.{node.name}\b|\b{node.name}\(", cases):
                missing.append(f"{module.name}: {node.name}")
    assert missing == [], "builders never built in the pseudo-language (tests/views/test_pseudo_*.py)"


def test_the_few_builders_no_module_test_covers() -> None:
    ex = examples(START, "America/Chicago")
    statuses = tuple(status.value for status in CampaignStatus)  # typed as they are
    assert in_pseudo(lambda: campaigns.usage_text(), statuses) == []
    with speaking(PSEUDO):
        explained = [text for _command, text in help.organizer_commands(ex)]
    assert in_pseudo(lambda: explained) == []
    assert in_pseudo(lambda: list(plan.coverage_file())) == []
    assert in_pseudo(lambda: list(plan.tactics_chart_file(3))) == []
    assert in_pseudo(lambda: list(reports.report_chart_file())) == []
    assert in_pseudo(lambda: list(reports.export_file(3))) == []
    assert in_pseudo(lambda: plan.audience_name("The public")) == []
