"""The kinds of artefact a tablet makes (its tools), one module per kind, registered in `KINDS`.

Main decision: a document is checked in two layers. The platform (artefacts.py) checks the outer
fields every kind shares (`schema`, `kind`, `child_id`, `created_at`, `supersedes`, `content`); the
kind checks only its own `content`, with `validate(content, parts, final)` where `parts` maps each
uploaded part's name to its media type (a kind must know a photo is a photo), and `final` is False for
a draft snapshot, which may still be incomplete (an autosave before anything is typed). A kind refuses with `DocumentInvalid(reason)`, a sentence a
practitioner can read on the tablet. Unknown keys are refused everywhere: a field the server does
not understand would be stored without anyone looking after it.

A kind whose parts must be looked inside (a drawing must decode, a photo must open) also defines
`check_parts(content, plain_parts, final)`, given each part's decrypted bytes by name; the platform calls it
after `validate` and the magic-bytes check, still before anything is stored.

A kind that keeps derived tables up to date (the network's merged members) also defines
`on_stored(db, row, document)`: the platform calls it for a finalised artefact that is not flagged
(quarantined or not allocated), inside the transaction that stores it, right after the artefact row
is written — `row` is that row's columns, `document` the decrypted document. If it raises, nothing
is stored. Drafts and flagged artefacts never reach it.
"""


from ..invalid import DocumentInvalid  # noqa: F401  (re-exported: the kinds and the platform raise and catch it)
from . import network, network_meeting, observation, three_houses, words_pictures

KINDS = {"observation": observation, "three_houses": three_houses, "words_pictures": words_pictures,
         "network": network, "network_meeting": network_meeting}
