"""The temporal grammar, one module per kind of expression; `registry.RULES` lists them all in priority order."""
