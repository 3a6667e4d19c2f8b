"""What every kind may use and none owns: the checks of common fields (fields.py) and the child's
sharing wish (sharing.py). A kind imports from here, never from another kind."""
