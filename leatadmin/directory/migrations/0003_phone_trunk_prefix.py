"""Phone keys written before `+31 (0)6 …` and `0049 …` were read right.

`folding.phone_key` now drops a `(0)` trunk prefix after a country code and
reads `00` as `+` for every country: rows whose stored key may have changed
(a bracket, a `00` prefix, or a key left starting with 0) get their key and
search text again. One pass over the table; rows whose key is unchanged are
not written.
"""

from django.db import migrations
from django.db.models import Q


def rekey(apps, schema_editor):
    from leatadmin.directory.folding import phone_key
    from leatadmin.directory.services import search_text

    DirectoryContact = apps.get_model("directory", "DirectoryContact")
    suspects = DirectoryContact.objects.filter(Q(phone__contains="(") | Q(phone__startswith="00") | Q(phone_key__startswith="0"))
    for row in suspects.only("id", "email", "name_key", "city", "postcode", "cards", "phone", "phone_key").iterator(chunk_size=500):
        key = phone_key(row.phone)[:32]
        if key != row.phone_key:
            search = search_text(email=row.email, name_key=row.name_key, city=row.city, postcode=row.postcode, cards=row.cards, phone_digits=key)
            DirectoryContact.objects.filter(pk=row.pk).update(phone_key=key, search=search)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_index")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
