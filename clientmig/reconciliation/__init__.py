"""Reconcile a cleaned import with what the platform already holds.

Firms re-import every season: new clients are added, departed ones spotted, and changed details
updated without wiping good data::

    rec = reconcile(incoming, existing)          # canonical frames, lineage carried
    rec.summary()                                # {"matched": ..., "new": ..., ...}
    rec.new_clients()                            # the new-clients file
    rec.updates(OverwriteChoice(fields=("email", "phone")))   # the overwrite-import file

Matching runs key by key (``client_id``, ``national_id``, ``email``, ``name`` by default) on the
rows no earlier key matched; a key value that occurs more than once on either side among those
rows is not used and is listed in ``ambiguous``. Weak keys (anything but ``client_id``,
``national_id`` and ``company_id``) never pair two rows whose national or company IDs are both
present and differ. Then, with ``fuzzy``, the leftover distinct names are paired one-to-one by
RapidFuzz ``token_sort_ratio`` within blocks (same first letter, or same postcode).
"""

from __future__ import annotations

from clientmig.reconciliation.against import DEFAULT_KEYS as DEFAULT_KEYS
from clientmig.reconciliation.against import reconcile as reconcile
from clientmig.reconciliation.choice import OverwriteChoice as OverwriteChoice
from clientmig.reconciliation.result import Reconciliation as Reconciliation

__all__ = [
    "DEFAULT_KEYS",
    "OverwriteChoice",
    "Reconciliation",
    "reconcile",
]
