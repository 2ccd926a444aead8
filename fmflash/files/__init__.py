"""The user's files, whole or not at all: reasons, reading, one file written, several together."""
