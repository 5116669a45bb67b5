"""Threat: the CI workflow hands a hostile pull request more than it needs. Actions were
pinned by tag (a tag can be moved to other code), the token had the default write scopes,
and actions/checkout left the credentials in .git/config beside the uploaded out/.

zizmor (a static auditor of GitHub workflows) runs offline on the workflow and must report
no medium or high finding; the three rules are also checked directly, so that a job added
later (a sharded family build, say) follows them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "report.yml"


def _zizmor() -> str:
    found = Path(sys.executable).with_name("zizmor")
    return str(found) if found.is_file() else (shutil.which("zizmor") or "zizmor")


def it_has_no_medium_or_high_zizmor_finding():
    result = subprocess.run([_zizmor(), "--offline", "--format", "json", "--min-severity",
                             "medium", str(WORKFLOW)], capture_output=True, text=True,
                            timeout=60)
    findings = json.loads(result.stdout)
    assert findings == [], [(f["ident"], f["determinations"]["severity"]) for f in findings]


def it_pins_every_action_by_commit_hash_with_its_tag_in_a_comment():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
    assert uses
    for action, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.search(r"#\s*v\d+(\.\d+)*", rest), f"{action}: no tag in a comment"


def it_reads_the_repository_only_and_keeps_no_credentials():
    import yaml

    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, step
