"""The wellness app's limits, declared once for the models, the API, the import and the schema."""

from decimal import Decimal

MAX_TEXT_LENGTH = 10_000
MAX_TAG_LENGTH = 40
MAX_TAGS_PER_ENTRY = 20
MAX_SYMPTOM_TAGS = 20
MAX_SLEEP_HOURS = Decimal(24)
# A range asked of insights or history.
MAX_RANGE_DAYS = 366
# One import document.
MAX_IMPORT_ENTRIES = 20_000
