"""Statistics of the review log, and SM-2 and FSRS simulated side by side (pure)."""
