"""The paper layer's tests (sofs_direct/paper/): drawings, the PDF and PNG writers, photos and sound."""
