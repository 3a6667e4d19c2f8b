"""Maintenance scripts: re-vendoring the front-end packages and drawing the artwork. Run by hand or
by `make vendor`; the app never imports them (the import-linter contracts say so)."""
