"""Dutch: 24-11-2026, 24-11-2026 18:00, 1.612, € 20,00."""

DATE_FORMAT = "d-m-Y"
DATETIME_FORMAT = "d-m-Y H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
#: leatadmin's own: money, `{amount}` already written with the separators above.
#: A non-breaking space keeps the euro sign with its amount in a narrow column.
MONEY_FORMAT = "€\u00a0{amount}"
