"""``python -m scripts.artwork``: draw everything and write what changed (``generate.main``).

Main decision: the package runs as a module from the project's root, so that its modules import
each other as ``scripts.artwork.*`` with no change to ``sys.path``.
"""

import sys

from scripts.artwork.generate import main

sys.exit(main())
