"""Across articles: grouping them into stories, merging their events into timeline entries, reports."""
