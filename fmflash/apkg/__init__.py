"""Writing the Anki package: note types, rendering, templates, the build record, the writer."""
