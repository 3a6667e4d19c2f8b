"""The child's record: the list of what was done with a child, each record's page (pages), the
timeline and search. A blueprint package (as microblog's app/<area>/): the views are thin and ask
each kind, through the registry, for what only it knows."""
