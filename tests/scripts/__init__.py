"""The maintenance scripts' tests (scripts/): vendoring and artwork."""
