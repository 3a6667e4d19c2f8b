"""Exports: a record or an assessment as a file for one audience (PDF, PNG, JSON), and the pack that
holds them. A blueprint package (as microblog's app/<area>/)."""
