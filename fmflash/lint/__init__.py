"""The card linter: every card checked against the rules of good prompts (pure)."""
