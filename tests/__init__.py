"""The test suite, as a package: tests/<layer>/ mirrors sofs_direct/<layer>/ (platform, paper,
artefacts, tools, pages), tests/tablet/ holds the browser tests of the tablet, tests/scripts/ the
maintenance scripts', tests/bench/ the benchmarks (`make bench`), tests/golden/ the store made before
the layers and what it must still show, tests/kinds/ the test-only kind. The helpers every test uses
(conftest.py, tablet_client.py, sync_helpers.py, strategies.py, pdf_reader.py) are here, imported as
`tests.<module>`."""
