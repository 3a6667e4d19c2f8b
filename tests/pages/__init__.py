"""The pages' tests: records, timeline, search, assessments, exports and packs, quality, settings, admin, the CLI."""
