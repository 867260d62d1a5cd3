"""English: 24 Nov 2026, 24 Nov 2026, 18:00, 1,612, €20.00."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
#: leatadmin's own: money, `{amount}` already written with the separators above.
MONEY_FORMAT = "€{amount}"
