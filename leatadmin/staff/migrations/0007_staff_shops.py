# Staff limited to shops (#26): the shops each staff member may see and change (staff/scoping.py).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('staff', '0006_apply_batches'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StaffShop',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('shop_uuid', models.CharField(max_length=128, verbose_name='shop')),
                ('shop_name', models.CharField(blank=True, max_length=255, verbose_name='shop name')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff_shops', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'shop of this staff member',
                'verbose_name_plural': 'shops of this staff member (none: every shop)',
                'ordering': ['shop_name', 'shop_uuid'],
                'constraints': [models.UniqueConstraint(fields=('user', 'shop_uuid'), name='staff_shop_once_per_user')],
            },
        ),
    ]
