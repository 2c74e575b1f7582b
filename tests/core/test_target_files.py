"""Target files are checked as they load: unknown names fail with the nearest valid one."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientmig.errors import TargetError
from clientmig.target_schemas import platform, platforms, schema_dir, target

KARBON = (schema_dir() / "karbon.toml").read_text(encoding="utf-8")


def _own(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", platforms())
def test_every_shipped_file_passes_the_check(name: str) -> None:
    assert platform(name).tables


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'rules = ["fiscal_year_end_pair"]',
            'rules = ["fiscal_year_end_pairs"]',
            "[tables.organizations]: unknown rule 'fiscal_year_end_pairs'; "
            "did you mean 'fiscal_year_end_pair'?",
        ),
        (
            'field = "organization_name"',
            'field = "organization_name"\nvalidator = "organisation_name"',
            "unknown validator 'organisation_name'; did you mean 'organization_name'?",
        ),
        ('entity = "person"', 'entity = "persons"', "unknown entity 'persons'; did you mean"),
        ('title = "People"', 'titel = "People"', "[tables.people]: unknown key 'titel'"),
        ('format = "xlsx"', 'format = "xslx"', "unknown format 'xslx'; did you mean 'xlsx'?"),
    ],
)
def test_a_misspelt_name_names_file_place_and_nearest(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in KARBON
    path = _own(tmp_path, KARBON.replace(old, new, 1))
    with pytest.raises(TargetError) as caught:
        platform(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_an_unknown_field_type_is_refused(tmp_path: Path) -> None:
    text = KARBON.replace(
        'field = "organization_name"', 'field = "organization_name"\ntype = "txt"', 1
    )
    with pytest.raises(TargetError, match="unknown type 'txt'; did you mean 'text'"):
        platform(_own(tmp_path, text))


def test_a_file_of_ones_own_is_a_target_with_or_without_a_table(tmp_path: Path) -> None:
    path = _own(tmp_path, KARBON.replace('title = "People"', 'title = "Mensen"', 1))
    assert target(f"{path}:people").title == "Mensen"
    with pytest.raises(TargetError, match="several tables"):
        target(str(path))
