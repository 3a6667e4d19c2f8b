"""The kinds of artefact a tablet makes (its tools): one package per kind, registered here, one line each.

Main decision: a kind is everything the platform may ask of it, in one folder (`tools/<kind>/`: its
checks, its record page and templates, its timeline entries, its export sections, its audience
filter), defined against the `Kind` interface in sofs_direct/artefacts/kinds.py; `register` refuses a kind
that lacks a member. The platform asks `kind_of(name).<member>` and never names a kind, so adding a
tool is one folder here, one on the tablet (static/js/tools/<kind>/) and one line in each registry
(docs/adding-a-kind.md).

A document is checked in two layers. The platform (artefacts.py) checks the outer fields every kind
shares (`schema`, `kind`, `child_id`, `created_at`, `supersedes`, `content`); the kind checks only its
own `content`, with `validate(content, parts, final)` where `parts` maps each uploaded part's name to
its media type, and `final` is False for a draft snapshot, which may still be incomplete. A kind
refuses with `DocumentInvalid(reason)`, a sentence a practitioner can read on the tablet. Unknown keys
are refused everywhere: a field the server does not understand would be stored without anyone
looking after it. `check_parts(content, plain_parts, final)` then looks inside each part's decrypted
bytes (a drawing must decode, a photo must open), still before anything is stored.

`on_stored(db, row, document)` keeps a kind's derived tables up to date (the network's merged
members): called for a finalised artefact that is not flagged, inside the transaction that stores it,
right after the artefact row is written. If it raises, nothing is stored. Drafts and flagged
artefacts never reach it. `on_deleted(db, row)` is its mirror when retention deletes an artefact.
"""

from ..artefacts.kinds import register


def register_all() -> None:
    """The registry, in the order the pages list the kinds (filled when it is first read, kinds.Registry)."""
    from . import letter, network, observation, picture_sort, safety_house, three_houses, words_pictures
    from .network import meeting as network_meeting  # the network's meetings: a kind inside the network's folder

    register(observation)
    register(three_houses)
    register(words_pictures)
    register(network)
    register(network_meeting)
    register(safety_house)
    register(picture_sort)
    register(letter)
