"""The build's records: the audit table and the manifest."""
