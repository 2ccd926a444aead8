"""Reading the card file, step by step: located YAML, chunks, cards, computed cards, the cache."""
