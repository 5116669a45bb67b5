"""`authoring diff` and `authoring docx2text` as a user meets them: exit codes, reports, git."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from authoring.cli import main
from authoring.review.reader import read_docx


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def it_exits_like_diff_0_same_1_different(drafts):
    same = run("diff", drafts.base, drafts.base)
    assert same.exit_code == 0 and "The drafts are the same." in same.output
    different = run("diff", drafts.base, drafts.data)
    assert different.exit_code == 1
    assert run("diff", "-q", drafts.base, drafts.data).output == ""


def it_fails_plainly_with_a_status_of_2_or_more(drafts, tmp_path):
    text = tmp_path / "notes.docx"
    text.write_text("not a document", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "authoring", "diff", str(drafts.base), str(text)],
                            capture_output=True, text=True)
    assert result.returncode >= 2
    assert "review error:" in result.stderr and "not a valid Office file" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run("diff", drafts.base, tmp_path / "missing.docx")
    assert missing.exit_code >= 2


def it_starts_the_report_with_the_changed_figures(drafts):
    output = run("diff", drafts.base, drafts.data).output
    assert output.index("Changed figures (1)") < output.index("Changes (1)")
    assert "第九 → 第八  综述 › ¶1" in output
    assert "位列[-第九-]{+第八+}" in output  # no colour when not on a terminal
    assert "\x1b[" not in output
    coloured = run("diff", "--color", "always", drafts.base, drafts.data).output
    assert "\x1b[31m" in coloured and "\x1b[32m" in coloured


def it_locates_each_change_by_section_path_and_source(drafts):
    output = run("diff", drafts.base, drafts.edited).output
    assert "综述 › 原始创新能力不断增强 › ¶1  changed  ← templates/overview.md.j2:" in output
    assert "持续[-涌-]{+出+}现" in output
    assert "综述 › 多元创新网络深入拓展 › ¶3  moved from 综述 › 高质量发展支撑有力 › ¶4" in output
    assert "附录 主要统计指标 › 附表1 › 每万人口发明专利拥有量 × 单位  changed" in output


def it_writes_a_side_by_side_html_report_and_a_redline(drafts, tmp_path):
    html, red = tmp_path / "report.html", tmp_path / "redline.docx"
    result = run("diff", "--html", html, "--redline", red, drafts.base, drafts.edited)
    assert result.exit_code == 1
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert page.index("Changed figures") < page.index("<h2>Changes</h2>")
    assert '<td class="old">' in page and "<del>涌</del>" in page and "<ins>出</ins>" in page
    assert [b.text for b in read_docx(red).blocks]  # the redline reads back


def it_escapes_document_text_in_the_html_report(tmp_path):
    import docx

    paths = []
    for name, text in (("a", "Totals <b>rose</b> & fell"), ("b", "Totals <script>alert(1)</script> & fell")):
        document = docx.Document()
        document.add_paragraph(text)
        document.save(str(tmp_path / f"{name}.docx"))
        paths.append(tmp_path / f"{name}.docx")
    run("diff", "--html", tmp_path / "r.html", *paths)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "</script>" not in page
    assert "&lt;" in page and "&amp; fell" in page and "<ins>script</ins>" in page


def it_refuses_to_overwrite_a_draft(drafts, tmp_path):
    copy = tmp_path / "copy.docx"
    shutil.copy(drafts.base, copy)
    result = run("diff", "--redline", copy, drafts.base, copy)
    assert result.exit_code >= 2 and copy.read_bytes() == drafts.base.read_bytes()


def it_prints_stable_text_for_git(drafts, reviewer_copy):
    first = run("docx2text", drafts.base)
    assert first.exit_code == 0 and first.output == run("docx2text", drafts.base).output
    lines = first.output.splitlines()
    assert "# 综述" in lines and "## 原始创新能力不断增强" in lines
    assert any(line.startswith("| 每万人口发明专利拥有量 | 件 |") for line in lines)
    assert any(line.startswith("[^1]: ") for line in lines)
    assert "目录" in lines and not any("PAGEREF" in line for line in lines)
    reviewed = run("docx2text", reviewer_copy).output
    assert "[审稿人乙 on “第九”] 请核实排名的出处" in reviewed


def it_gives_the_same_text_for_a_copy_libreoffice_saved(reviewer_copy, reviewer_lo):
    assert run("docx2text", reviewer_copy).output == run("docx2text", reviewer_lo).output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def it_makes_git_diff_show_docx_changes_as_text(drafts, tmp_path):
    """The .gitattributes and textconv lines from docs/REVIEW.md, in a scratch repository."""
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args):
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                              check=True, env={"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path),
                                               "PATH": "/usr/bin:/bin"}).stdout

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    (repo / ".gitattributes").write_text("*.docx diff=docx\n", encoding="utf-8")
    git("config", "diff.docx.textconv", f"{sys.executable} -m authoring docx2text")
    shutil.copy(drafts.base, repo / "report.docx")
    git("add", ".")
    git("commit", "-q", "-m", "draft 1")
    shutil.copy(drafts.edited, repo / "report.docx")
    diff = git("diff")
    assert "-**" not in diff
    assert any(line.startswith("-重大原创成果持续涌现") for line in diff.splitlines())
    assert any(line.startswith("+重大原创成果持续出现") for line in diff.splitlines())
    # the word regex of docs/REVIEW.md: one word per Han character, Latin words and numbers whole
    regex = b"[A-Za-z0-9.,%]+|[^\x80-\xbf[:space:]][\x80-\xbf]*"
    subprocess.run([b"git", b"-C", bytes(repo), b"config", b"diff.docx.wordRegex", regex], check=True)
    words = git("diff", "--word-diff=plain")
    assert "持续[-涌-]{+出+}现" in words
