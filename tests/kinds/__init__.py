"""Kinds that exist only in the tests (docs/adding-a-kind.md): registered by a fixture, never by the app."""
