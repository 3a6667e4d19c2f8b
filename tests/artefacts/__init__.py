"""The artefacts layer's tests (sofs_direct/artefacts/): ingest, sealing, sync, the voice index, retention, audiences, the kind interface and contracts, and the golden store."""
