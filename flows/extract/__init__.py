"""Pure extraction: text in, records out. No Prefect, no file system."""
