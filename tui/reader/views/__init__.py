"""The views shown in the tabs: summary, countries, quotes, source, matrix, debates."""
