"""Reading one article: the parsed document, its temporal expressions, events, actors and titles."""
