"""Live HTML preview: project files → the report as a web page on localhost, reloaded on every save.

page.py renders the page (the build's document model, the HTML writer, the audit appendix,
or the errors); watch.py notices saved files; server.py serves the page and tells open
browsers to reload.
"""
