"""pandera models of the published tables: the single source of the data dictionary."""

from schemas.tables import FOREIGN_KEYS, PRIMARY_KEYS, TABLES
from schemas.validate import ValidationFailed, validate_tables

__all__ = ["FOREIGN_KEYS", "PRIMARY_KEYS", "TABLES", "ValidationFailed", "validate_tables"]
