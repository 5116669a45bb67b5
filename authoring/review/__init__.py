"""Two DOCX drafts → what changed between them: figures first, located by section and by source.

reader (untrusted DOCX → blocks) → align (blocks → ops, with moves) → figures, sourcemap,
reviewer → report_text / report_html / redline. `compare.compare` runs the chain;
docs/REVIEW.md is the user's guide.
"""
