"""The one exception a check raises when a document or part does not fit its kind.

Main decision: a leaf module, importing nothing of the project, so that any module — a kind, the
shared photo and ink checks, the platform — can raise or catch it without an import circle (it lived
in the kinds' package, which imports every kind, which import the shared checks back).
"""


class DocumentInvalid(Exception):
    """The document does not fit its kind; `reason` says what is wrong, in a sentence a worker can act on."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = str(reason)
