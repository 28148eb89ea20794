"""The content folder (exhibits/): its schema, loading with positions, checks and messages."""
