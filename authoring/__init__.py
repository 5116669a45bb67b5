"""authoring: yearly data + narrative templates → annual report (DOCX for review, PDF for print)."""

__version__ = "0.1.0"
