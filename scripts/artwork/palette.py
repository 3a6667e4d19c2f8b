"""The named colours the pictures share: the outlines' ink, white, the faces' yellow, cheeks, tears,
wood, leaf and sky.

Main decision: these are named once, apart from the drawing machinery, so that the families of
pictures draw in the same few colours; a colour that one picture alone uses is written in place.
"""

INK = "#2b2622"  # near-black, a little warm, for outlines and faces' features
WHITE = "#ffffff"
FACE = "#ffd23f"  # the feelings faces' warm yellow
CHEEK = "#ff9d8a"
TEAR = "#4fb0f0"
WOOD = "#b07541"
WOOD_DARK = "#8b5a2b"
LEAF = "#4caf50"
SKY = "#a9dcf7"
