"""Estimate the field priors (m and u per comparison kind) on the bundled synthetic client list.

``find_duplicates`` falls back on these when a list is too small to fit its own model by EM (a
firm's dozen organisations, a 40-client list). ``m`` is the share of each comparison level among
the candidate pairs of records of one client; ``u`` among random pairs of different clients.
Kinds the synthetic list lacks borrow a like kind: ``org_name`` the family name's levels,
``website`` the e-mail's two ends (exact or not). The synthetic list damages names and addresses
but never rewrites an e-mail or a phone, so every ``m`` share is floored at ``M_FLOOR`` (a real
client's records disagree on a contact detail far more often; one disagreement then costs at
most about 5.6 bits) and every ``u`` share at ``U_FLOOR`` (one agreement earns at most ~10 bits).
Nor does it write a phone two ways, so the share of one client's phones that agree on their last
eight digits only (with and without a country or trunk prefix) is set, not measured:
``PHONE_SAME_ENDING``.

Usage: python scripts/estimate_match_priors.py   (rewrites clientmig/_data/match_priors.json)
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from clientmig.dedupe import keys
from clientmig.dedupe.compare import LEVELS, compare_pairs, field_specs, prepare
from clientmig.dedupe.synthetic import client_list

SIZE = 20_000
SEED = 7
RANDOM_PAIRS = 200_000
M_FLOOR = 0.02
U_FLOOR = 0.001
PHONE_SAME_ENDING = 0.15
OUT = Path(__file__).resolve().parents[1] / "clientmig" / "_data" / "match_priors.json"
# field of the synthetic list -> the kind whose priors it gives (both text fields pool)
SOURCES = {
    "first_name": "given_name",
    "last_name": "name",
    "date_of_birth": "date",
    "email": "email",
    "phone": "phone",
    "national_id": "strong_id",
    "street": "text",
    "city": "text",
    "postcode": "exact",
}


def _shares(levels: pl.Series, size: int) -> list[int]:
    counts = [0] * size
    for level, count in levels.drop_nulls().value_counts().iter_rows():
        counts[int(level)] += int(count)
    return counts


def estimate() -> dict[str, dict[str, list[float]]]:
    """m and u per kind, as floored level shares (rounded to 4 decimals)."""
    frame = client_list(SIZE, seed=SEED)
    specs = field_specs(frame, "person", None)
    prepared = prepare(frame, specs)
    pairs, _ = keys.candidate_pairs(
        prepared, "person", n_new=frame.height, max_block_size=50, window=4
    )
    entity = frame["_entity"]
    same = entity.gather(pairs["left_index"]) == entity.gather(pairs["right_index"])
    matches = pairs.filter(same)
    rows = pl.int_range(frame.height, dtype=pl.Int64, eager=True)
    left = rows.sample(RANDOM_PAIRS, with_replacement=True, seed=SEED)
    right = rows.sample(RANDOM_PAIRS, with_replacement=True, seed=SEED + 1)
    differ = entity.gather(left) != entity.gather(right)
    left, right = left.filter(differ), right.filter(differ)
    m_levels = compare_pairs(prepared, specs, matches["left_index"], matches["right_index"])
    u_levels = compare_pairs(prepared, specs, left, right)
    tallies: dict[str, dict[str, list[int]]] = {}
    for field, kind in SOURCES.items():
        size = len(LEVELS[kind])
        tally = tallies.setdefault(kind, {"m": [0] * size, "u": [0] * size})
        for side, levels in (("m", m_levels), ("u", u_levels)):
            for i, n in enumerate(_shares(levels[field], size)):
                tally[side][i] += n
    phone = tallies["phone"]["m"]
    phone[1] = round(PHONE_SAME_ENDING * sum(phone) / (1 - PHONE_SAME_ENDING))
    tallies["org_name"] = tallies["name"]
    tallies["website"] = {side: [sum(t[:-1]), t[-1]] for side, t in tallies["email"].items()}
    out = {}
    for kind, tally in sorted(tallies.items()):
        out[kind] = {
            side: _normalise(counts, M_FLOOR if side == "m" else U_FLOOR)
            for side, counts in tally.items()
        }
    return out


def _normalise(counts: list[int], floor: float) -> list[float]:
    floored = [max(c / sum(counts), floor) for c in counts]
    return [round(f / sum(floored), 4) for f in floored]


def main() -> None:
    """Write the priors file."""
    priors = {
        "source": f"clientmig.dedupe.synthetic.client_list({SIZE}, seed={SEED}) via "
        "scripts/estimate_match_priors.py",
        "kinds": estimate(),
    }
    OUT.write_text(json.dumps(priors, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
