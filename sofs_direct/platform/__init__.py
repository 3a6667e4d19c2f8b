"""The platform: what any web app for a children's service needs, knowing nothing of artefacts or
tools — the store (db), accounts and sign-in (auth, accounts), who may see which child (children),
tablets (devices), the audit trail, security headers, translations (i18n), errors, htmx, the checks
every input shares (validation, invalid), dates, name folding and plain words.

Main decision: the lowest layer. It imports nothing above it (import-linter's layer contract in
pyproject.toml), so every layer above can use it without an import circle.
"""

from pathlib import Path

# The repository: templates/, static/ and migrations/ sit beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
