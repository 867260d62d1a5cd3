"""The audit log's pages for supervisors: the list with its filters, an entry,
the CSV export. The record itself (the model, `audited`, the settlement rule)
is the `audit` app, below every domain app; these pages sit beside the domain
apps, since naming a visit or booking by its external id needs their ledgers."""
