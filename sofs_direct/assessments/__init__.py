"""Assessments: the worker's assessment of a child, with the child's own words attached from the
record without re-typing. A blueprint package (as microblog's app/<area>/)."""
