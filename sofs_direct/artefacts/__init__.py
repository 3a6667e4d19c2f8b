"""Artefacts: the unit the tablet and the server share. The kind registry and its interface (kinds,
contracts), the sealed envelope, its opening, ingest and the store (envelope, opening, ingest, store,
sealing), what a manager watches over (oversight), sync with the tablets, the child's voice index,
retention, the audience filter, and what every kind may use and none owns (fields, sharing, phrases,
export_layout, export_files, record_files, service).

Main decision: this layer knows that kinds exist but never names one; it asks `kind_of(name)`. It
sits on the platform and paper layers and under the tools (pyproject.toml's layer contract).
"""
