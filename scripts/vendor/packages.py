"""The pinned packages: which version of each, its licence, and the files and licence files taken from it.

Main decision: every package is pinned to an exact version and its tarball's sha512 (npm's
``integrity``), and every package ships its licence file(s) next to its files. axe-core's ``LICENSE``
(MPL-2.0) is copied unchanged, together with ``LICENSE-3RD-PARTY.txt``, because ``axe.min.js``
bundles the third-party code that file covers; govuk-frontend's licence is written by ``govuk``.
OpenMoji ships only the colour SVGs that ``static/symbols/catalogue.json`` names (``openmoji_files``):
the catalogue is the one list of the symbols the app uses, so there is no second list to keep.
"""

from __future__ import annotations

import json

from scripts.vendor.govuk import clean_govuk_css, govuk_licence
from scripts.vendor.pins import STATIC, Package, VendoredFile, VendorError

CATALOGUE = STATIC / "symbols" / "catalogue.json"
OPENMOJI_PREFIX = "vendor/openmoji/"


def openmoji_files(catalogue_path=CATALOGUE) -> tuple[VendoredFile, ...]:
    """The OpenMoji colour SVGs the symbol catalogue uses, each once, in name order."""
    catalogue = json.loads(catalogue_path.read_text(encoding="utf-8"))
    names = set()
    for symbol in catalogue["symbols"]:
        if symbol["source"] != "openmoji":
            continue
        name = symbol["file"].removeprefix(OPENMOJI_PREFIX)
        if name == symbol["file"] or "/" in name or not name.endswith(".svg"):
            raise VendorError(f"symbol {symbol['id']!r}: an OpenMoji file is {OPENMOJI_PREFIX}<code>.svg")
        names.add(name)
    return tuple(VendoredFile(f"openmoji/{name}", f"color/svg/{name}") for name in sorted(names))


PACKAGES: tuple[Package, ...] = (
    Package(
        name="htmx.org",
        version="2.0.11",  # newest 2.0.x; 4.x is a different major line
        licence="0BSD",
        integrity="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
        directory="htmx",
        files=(VendoredFile("htmx/htmx.min.js", "dist/htmx.min.js"),),
        licence_files=(VendoredFile("htmx/LICENSE", "LICENSE"),),
    ),
    Package(
        name="govuk-frontend",
        version="6.6.0",
        licence="MIT",
        integrity="sha512-xctkWrQvLnvQt7fyjQ3MGX9S0wz0x0RQuLxCeoXF+s8EjGICG81/DYQGKN5qgO+0KVT12UAaRwUsGY6fulRcRg==",
        directory="govuk-frontend",
        files=(
            VendoredFile(
                "govuk-frontend/govuk-frontend.min.css",
                "dist/govuk/govuk-frontend.min.css",
                transform=clean_govuk_css,
                note=(
                    "GDS Transport @font-face rules and their comment removed; GDS Transport "
                    "replaced by a system font stack; crest rules (govuk-crest.svg) dropped; "
                    "sourceMappingURL comment removed"
                ),
            ),
            VendoredFile("govuk-frontend/govuk-frontend.min.js", "dist/govuk/govuk-frontend.min.js"),
        ),
        licence_files=(
            VendoredFile(
                "govuk-frontend/LICENSE.txt",
                generate=govuk_licence,
                note="not in the npm tarball: upstream LICENSE.txt text plus README Licence section",
            ),
        ),
    ),
    Package(
        name="axe-core",
        version="4.14.1",
        licence="MPL-2.0",
        integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        directory="axe-core",
        files=(VendoredFile("axe-core/axe.min.js", "axe.min.js"),),
        licence_files=(
            VendoredFile("axe-core/LICENSE", "LICENSE"),
            VendoredFile("axe-core/LICENSE-3RD-PARTY.txt", "LICENSE-3RD-PARTY.txt"),
        ),
    ),
    Package(
        name="perfect-freehand",
        version="1.2.3",
        licence="MIT",
        integrity="sha512-bHZSfqDHGNlPpgH2yxXgPHlQSPpEbo+qg7li0M78J9vNAi2yjwLeA4x79BEQhX44lEWpCLSFCeRZwpw0niiXPA==",
        directory="perfect-freehand",
        # The ESM build has no imports at all, so a browser can load it as is.
        files=(VendoredFile("perfect-freehand/perfect-freehand.mjs", "dist/esm/index.mjs"),),
        licence_files=(VendoredFile("perfect-freehand/LICENSE", "LICENSE"),),
    ),
    Package(
        name="hash-wasm",
        version="4.13.0",
        licence="MIT",
        integrity="sha512-GrWl7wsV46fKIXQZB5ebskLZLAmKL6d9RS0fspCxDeQyjoNu1AfTJTMLPOJyfzaQm0ldFiwFN21/w+sE/kgEFQ==",
        directory="hash-wasm",
        # The tablet's Argon2id (static/js/tablet/keyslots.js; docs/security.md). Upstream's own ES
        # module, unmodified: it has no imports and carries its WebAssembly inline, so a browser loads
        # it as is (script-src needs 'wasm-unsafe-eval' on the tablet's pages only, platform/security.py).
        files=(VendoredFile("hash-wasm/hash-wasm.esm.min.js", "dist/index.esm.min.js"),),
        licence_files=(VendoredFile("hash-wasm/LICENSE", "LICENSE"),),
    ),
    Package(
        name="dejavu-fonts-ttf",
        version="2.37.3",
        # Not an SPDX id: package.json says this, and the check compares it verbatim. The fonts are
        # under the Bitstream Vera licence (plus Arev's, the same terms); DejaVu's changes are public domain.
        licence="SEE LICENSE IN README.md AND LICENSE",
        integrity="sha512-f1hd7jJbeQa1VWcw+K2KrTXS50zTMaHpVC4XIKJpNcDeYR5ajMtj/iLlQDYNvLOKamUB3ARVVCf79lNwNVztSQ==",
        directory="dejavu",
        # Server-side only: the typeface of the PDF and PNG sheets (paper/lettering.py and the kinds' sheets),
        # chosen because it covers Welsh (ŵ ŷ and the other circumflexed and diaeresis letters).
        files=(
            VendoredFile("dejavu/DejaVuSans.ttf", "ttf/DejaVuSans.ttf"),
            VendoredFile("dejavu/DejaVuSans-Bold.ttf", "ttf/DejaVuSans-Bold.ttf"),
        ),
        licence_files=(
            VendoredFile("dejavu/LICENSE", "LICENSE"),
            VendoredFile("dejavu/README.md", "README.md"),
        ),
    ),
    Package(
        name="openmoji",
        version="17.0.0",
        # Share-alike and attribution: the credit is on the about page (sofs_direct/about.py), and
        # the symbols are shipped unmodified, so the licence's terms are met by LICENSE.txt and the credit.
        licence="CC-BY-SA-4.0",
        integrity="sha512-EBnYrNGdcdw+OSXmENeNE1yBNRu6tOraTmoOyUbJkTmvT/+XETp8RZLSJFzD3lrPc5N9CzsyPnRTk0Vp4UaI9w==",
        directory="openmoji",
        files=openmoji_files(),
        licence_files=(VendoredFile("openmoji/LICENSE.txt", "LICENSE.txt"),),
    ),
)
