"""The golden store and what it must still show (docs/golden.md)."""
