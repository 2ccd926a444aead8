"""Reading the card file: notes, located YAML, validation, computed cards, the parse cache."""
