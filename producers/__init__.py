"""Producers: publish articles to the `articles` topic."""
