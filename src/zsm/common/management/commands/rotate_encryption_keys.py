"""`zsm rotate-encryption-keys`: re-encrypt every encrypted field with the newest key (see common/crypto.py).

Run it after putting a new key first in ZSM_FIELD_ENCRYPTION_KEYS; once it is done, the old key can go.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from zsm.common import crypto
from zsm.common.fields import EncryptedTextField

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the newest key of ZSM_FIELD_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            names = [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not names:
                continue
            rows = model._default_manager.count()
            done = 0
            # Loading decrypts with whichever key fits; saving encrypts with the newest. In batches, locked.
            ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                with transaction.atomic():
                    for obj in model._default_manager.select_for_update().filter(pk__in=batch):
                        obj.save(update_fields=names)
                done += len(batch)
                self.stdout.write(f"  {model._meta.label}: {done}/{rows}")
            total += rows
        crypto_keys = len(crypto.fernet()._fernets)
        self.stdout.write(f"Re-encrypted {total} rows with the newest of {crypto_keys} key(s).")
