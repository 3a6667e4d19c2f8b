"""The platform's tests (sofs_direct/platform/): the store, sign-in, access, audit, security, translations, dates, checks."""
