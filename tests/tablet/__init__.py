"""The tablet's browser tests (Debian's chromium, static/js/): offline work, sync, each tool's screens, accessibility."""
