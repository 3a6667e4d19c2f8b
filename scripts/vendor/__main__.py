"""``python -m scripts.vendor`` (``make vendor``): re-vendor every pinned package (``write.main``).

Main decision: the package runs as a module from the project's root, so that its modules import
each other as ``scripts.vendor.*`` with no change to ``sys.path``.
"""

import sys

from scripts.vendor.write import main

sys.exit(main())
