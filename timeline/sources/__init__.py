"""Where articles come from: input files, feeds, web pages, and cleaning their text."""
