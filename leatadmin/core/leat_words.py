"""Leat's own words, said in the staff member's language.

Leat writes its messages in English only: a sentence per error code, and for
1003 an `errors` object of Laravel validation messages ("The external id has
already been taken."). The ones leatadmin knows are said in words of its own,
so a Dutch page reads Dutch. Anything else is shown as Leat wrote it, marked
as Leat's own words, so staff know why it is in English.

`leatadmin.leat` raises errors with Leat's text and never imports Django: the
words belong here, where they are shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Leat's messages for a whole answer (its `message`), and the default
#: messages of `leatadmin.leat.errors` for answers without one.
MESSAGES = {
    "Invalid input.": gettext_lazy("Leat did not accept the input."),
    "Leat answered with an error.": gettext_lazy("Leat answered with an error."),
    "Not found.": gettext_lazy("Not found."),
    "Model not found.": gettext_lazy("Model not found."),
    "Contact not found.": gettext_lazy("Contact not found."),
    "Shop not found.": gettext_lazy("Shop not found."),
    "Visit not found.": gettext_lazy("Leat has no visit with this identifier."),
    "Booking not found.": gettext_lazy("Leat has no booking with this identifier."),
    "Contact identifier not found.": gettext_lazy("Contact identifier not found."),
    "Contact identifier inactive.": gettext_lazy("This loyalty card is blocked (inactive), so it cannot be used. Use another card."),
    "Contact identifier already exists.": gettext_lazy("A loyalty card with this number already exists."),
    "Contact identifier is already linked.": gettext_lazy("This loyalty card already belongs to another contact."),
    "Contact identifier is not linked to a contact.": gettext_lazy("This loyalty card is not linked to a contact."),
    "Contact already exists.": gettext_lazy("A contact with this email already exists."),
    "Contact not anonymous.": gettext_lazy("This contact is not anonymous, so it cannot be claimed."),
    "Subscription type not found.": gettext_lazy("Subscription type not found."),
    "Credit reception not found.": gettext_lazy("Credit reception not found."),
    "Credit reception creating in progress.": gettext_lazy("Leat is still booking earlier credits for this contact. Wait a moment, then try again."),
    "Reward not found.": gettext_lazy("Reward not found."),
    "Reward is inactive.": gettext_lazy("This reward is not active in Leat."),
    "The stock on this reward is empty.": gettext_lazy("This reward is out of stock."),
    "You have reached your claim limit on this reward.": gettext_lazy("This contact has had this reward as often as it may be given."),
    "Onvoldoende punten | Insufficient credits.": gettext_lazy("This contact has too few credits for this reward."),
    "Insufficient credits.": gettext_lazy("This contact has too few credits for this reward."),
    "Maximum amount of credits reached.": gettext_lazy("More credits than the loyalty program allows in one go."),
    "Unit not found.": gettext_lazy("Unit not found."),
    "No default unit found.": gettext_lazy("The loyalty program in Leat has no default unit, so a purchase amount cannot be turned into credits."),
    "Usage limit reached.": gettext_lazy("Usage limit reached: the Leat account allows no more of these. Ask a supervisor."),
    # At the counter (#29): Leat's words on vouchers, rewards to collect and gift cards,
    # where Leat sends both languages ("Dutch | English") as well as the English alone.
    "Promotion not found.": gettext_lazy("Leat has no such promotion (it may have been removed)."),
    "Voucher not found.": gettext_lazy("Leat has no such voucher."),
    "Voucher already exists.": gettext_lazy("A voucher with this code already exists. Choose another code."),
    "Voucher limit reached.": gettext_lazy("This promotion may give no more vouchers (its limit, in all or for this contact, is reached)."),
    "Voucher code as already been redeemed.": gettext_lazy("This voucher has already been redeemed."),
    "Voucher code has already been redeemed.": gettext_lazy("This voucher has already been redeemed."),
    "Voucher has expired.": gettext_lazy("This voucher has expired."),
    "Voucher is deactivated.": gettext_lazy("This voucher has been deactivated, so it cannot be used."),
    "Voucher is inactive.": gettext_lazy("This voucher is not active yet."),
    "Voucher is already locked.": gettext_lazy("This voucher is being redeemed elsewhere right now (locked). Try again later: Leat releases a lock after an hour."),
    "Voucher doesn't have enough redemptions left.": gettext_lazy("This voucher cannot be redeemed any more times."),
    "Promotion is inactive.": gettext_lazy("This voucher's promotion is not active."),
    "Reward is expired.": gettext_lazy("This reward is not waiting to be collected (it may have expired)."),
    "Reward not found or expired.": gettext_lazy("This reward is not waiting to be collected (it may have expired)."),
    "Giftcard not found.": gettext_lazy("Leat has no such gift card."),
    "Giftcard transaction not found.": gettext_lazy("Leat has no such gift card transaction."),
    "Giftcard Program not found.": gettext_lazy("Leat has no such gift card program (it may have been removed)."),
    "Only Digital giftcards can by created using the public API.": gettext_lazy("Leat makes only digital gift cards through its API."),
    "Card is not activated.": gettext_lazy("This gift card is not activated (blocked), so it cannot be used."),
    "Kaart is niet geactiveerd. | Card is not activated.": gettext_lazy("This gift card is not activated (blocked), so it cannot be used."),
    "This giftcard has expired.": gettext_lazy("This gift card has expired."),
    "Het bedrag op de kaart is verlopen. | This giftcard has expired.": gettext_lazy("This gift card has expired."),
    "Insufficient amount on giftcard.": gettext_lazy("More than the gift card's balance."),
    "Het bedrag op de kaart is niet toereikend. | Insufficient amount on giftcard.": gettext_lazy("More than the gift card's balance."),
    "This giftcard cannot be incremented.": gettext_lazy("This gift card cannot be topped up."),
    "Deze giftcard kan niet opgewaardeerd worden. | This giftcard cannot be incremented.": gettext_lazy("This gift card cannot be topped up."),
    "Giftcard not linked to Giftcard Program.": gettext_lazy("This gift card belongs to no gift card program in Leat."),
    "Deze giftcard is niet gekoppeld aan een programma. | Giftcard not linked to Giftcard Program.": gettext_lazy("This gift card belongs to no gift card program in Leat."),
    "Max amount will be exceeded.": gettext_lazy("The gift card would then hold more than its program's maximum."),
    "Maximale limiet op kaart bereikt. | Max amount will be exceeded.": gettext_lazy("The gift card would then hold more than its program's maximum."),
    "That giftcard is not valid.": gettext_lazy("This gift card is not valid."),
    "Shop does not have access to Giftcard Program.": gettext_lazy("This shop may not use this gift card's program."),
    "Only non re-incrementable giftcards can be used in the OAuthRoutes Clients API.": gettext_lazy("Leat does not let this kind of gift card (reloadable) be used through its API."),
    "This is not the giftcards last transaction.": gettext_lazy("Only the gift card's last transaction can be undone."),
    "Unauthenticated.": gettext_lazy("Leat refused leatadmin's API key."),
    "Too Many Attempts.": gettext_lazy("Leat is limiting requests right now."),
    "Service Unavailable": gettext_lazy("Leat is down for maintenance."),
    "Leat is in maintenance mode.": gettext_lazy("Leat is down for maintenance."),
    "Server Error": gettext_lazy("Leat had an internal error."),
    "Leat had an internal error.": gettext_lazy("Leat had an internal error."),
    "Leat sent an answer that could not be read.": gettext_lazy("Leat sent an answer leatadmin could not read."),
    "Leat could not be reached.": gettext_lazy("Leat could not be reached."),
    "Leat did not answer in time.": gettext_lazy("Leat did not answer in time."),
}

#: Field messages said in full (they need no field name to be understood).
FIELD_MESSAGES = {
    "The selected visit is invalid.": gettext_lazy("Leat has no visit with this identifier."),
    "The selected booking is invalid.": gettext_lazy("Leat has no booking with this identifier."),
    "The selected prepaid transaction uuid is invalid.": gettext_lazy("Leat has no such prepaid transaction."),
    "The selected reward reception uuid is invalid.": gettext_lazy("Leat has no such reward reception."),
    "The contact identifier is linked to another contact.": gettext_lazy("This loyalty card belongs to another contact."),
    "The prepaid balance is not sufficient for this amount.": gettext_lazy("The prepaid balance is not sufficient for this amount."),
}

# Laravel's validation messages, as Leat sends them in 1003's `errors`: `field`
# is the field's name with spaces ("external id"), `other` another field's.
# Each says what is wrong without naming the field: it is shown at the field,
# or, when the form has no such field, after the field's label if the words
# need it (the third value).
_FIELD = r"The (?:attribute )?(?P<field>.+?)(?: field)?"
LARAVEL: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(rf"{_FIELD} has already been taken\."), gettext_lazy("Already in use in Leat. Choose another value."), True),
    (re.compile(r"The selected (?P<field>.+?) is invalid\."), gettext_lazy("Leat does not know this value."), True),
    (re.compile(rf"{_FIELD} is required when (?P<other>.+?) is not present\."), gettext_lazy("Leat requires a value when %(other)s is empty."), True),
    (re.compile(rf"{_FIELD} is required(?: and must be an object)?\."), gettext_lazy("Leat requires a value."), True),
    (re.compile(rf"{_FIELD} is not a valid date\."), gettext_lazy("Leat cannot read this as a date."), True),
    (re.compile(rf"{_FIELD} must be a valid date \(YYYY-MM-DD\)\."), gettext_lazy("Leat cannot read this as a date."), True),
    (re.compile(rf"{_FIELD} must be a date after (?P<other>.+?)\."), gettext_lazy("Must be later than %(other)s."), True),
    (re.compile(rf"{_FIELD} must be a date before or equal to today\."), gettext_lazy("Must be today or earlier."), True),
    (re.compile(rf"{_FIELD} must be an integer\."), gettext_lazy("Must be a whole number."), True),
    (re.compile(rf"{_FIELD} must be a number\."), gettext_lazy("Must be a number."), True),
    (re.compile(rf"{_FIELD} must be a string\."), gettext_lazy("Must be text."), True),
    (re.compile(rf"{_FIELD} must be true or false\."), gettext_lazy("Must be yes or no."), True),
    (re.compile(rf"{_FIELD} must be a valid email address\."), gettext_lazy("Not a valid email address."), True),
    (re.compile(rf"{_FIELD} must be a valid URL\."), gettext_lazy("Not a valid web address."), True),
    (re.compile(rf"{_FIELD} must be at least (?P<number>\d+)\."), gettext_lazy("Must be at least %(number)s."), True),
    (re.compile(rf"{_FIELD} (?:may|must) not be greater than (?P<number>\d+) characters\."), gettext_lazy("At most %(number)s characters."), True),
    (re.compile(rf"{_FIELD} (?:may|must) not be greater than (?P<number>\d+)\."), gettext_lazy("At most %(number)s."), True),
    (re.compile(rf"{_FIELD} must not be 0\."), gettext_lazy("Must not be zero."), True),
    (re.compile(rf"{_FIELD} must not be empty\."), gettext_lazy("Must not be empty."), True),
    (re.compile(rf"{_FIELD} may only contain digits, spaces, \+ and -\."), gettext_lazy("May only contain digits, spaces, + and -."), True),
    (re.compile(rf"{_FIELD} must be one of: (?P<options>.+)\."), gettext_lazy("Must be one of: %(options)s."), True),
    (re.compile(rf"{_FIELD} does not exist\."), gettext_lazy("Leat has no such attribute."), True),
    (re.compile(rf"{_FIELD} is read-only and cannot be updated\."), gettext_lazy("Leat does not let this be changed."), True),
    (re.compile(rf"{_FIELD} is itself a reversal and cannot be reversed\."), gettext_lazy("This is itself a reversal, so it cannot be reversed."), False),
    (re.compile(rf"{_FIELD} has already been reversed\."), gettext_lazy("This has already been reversed."), False),
]


def leat_says(text: str) -> str:
    """Leat's words as Leat wrote them, marked as Leat's (the Dutch says they are English)."""
    return _("“%(message)s” (Leat's own words)") % {"message": text}


def said(text: str) -> str:
    """A message Leat sent for a whole answer, in the staff member's language."""
    known = MESSAGES.get(text.strip())
    return str(known) if known is not None else leat_says(text)


def field_said(text: str, label: str | None, label_of: Callable[[str], str]) -> str:
    """A message Leat sent about one field, in the staff member's language.

    `label` is the field's name as staff read it, or None when the message is
    shown at the field itself (then it need not name it); `label_of` names
    another field Leat mentions, from Leat's name for it ("starts at").
    """
    text = text.strip()
    known, named = FIELD_MESSAGES.get(text), False
    if known is None:
        for pattern, words, names_field in LARAVEL:
            found = pattern.fullmatch(text)
            if found:
                named = names_field
                values = {name: value for name, value in found.groupdict().items() if name != "field"}
                if "other" in values:
                    values["other"] = label_of(values["other"].replace(" ", "_"))
                known = str(words) % values if values else str(words)
                break
    if known is None:
        known, named = leat_says(text), True
    return _("%(field)s: %(message)s") % {"field": label, "message": known} if label and named else str(known)
