"""What the contacts app tells the others, so it need not know them: the apps
that keep something of a contact (the visit index, the booking ledger) listen
and forget or pseudonymise their part (connected in their AppConfig.ready)."""

from django.dispatch import Signal

#: Sent once Leat accepted a contact's deletion, with `contact` (the
#: leat.models.Contact) and `forget_person` (a GDPR deletion: keep who did
#: what, drop the person's data). Receivers run inside one transaction.
contact_deleted = Signal()
