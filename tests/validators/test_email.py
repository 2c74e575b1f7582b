"""E-mail validator: real-world cells, the vectorised twins against the scalar oracle."""

from __future__ import annotations

import polars as pl
import pytest
from email_validator import validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig import errors
from clientmig.validators import column_findings, email

X500 = (
    "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
    "/cn=Recipients/cn=4f1e2a9c8d7b-jan.peeters"
)


@pytest.mark.parametrize(
    ("value", "compact", "code", "suggestion"),
    [
        ("jan.peeters@telenet.be", "jan.peeters@telenet.be", None, None),
        ("  jan@x.be\t", "jan@x.be", "email.fixed", "jan@x.be"),
        ("Jan@TELENET.BE", "Jan@telenet.be", "email.fixed", "Jan@telenet.be"),
        ('"Jan Peeters" <jan@x.be>', "jan@x.be", "email.fixed", "jan@x.be"),
        ("Jan Peeters <jan@x.be>", "jan@x.be", "email.fixed", "jan@x.be"),
        ('"Peeters, Jan" <jan@x.be>', "jan@x.be", "email.fixed", "jan@x.be"),
        ('"jan@x.be" <jan@x.be>', "jan@x.be", "email.fixed", "jan@x.be"),
        ("mailto:jan@x.be", "jan@x.be", "email.fixed", "jan@x.be"),
        ("<MAILTO:jan@x.be>", "jan@x.be", "email.fixed", "jan@x.be"),
        ("'jan@x.be'", "jan@x.be", "email.fixed", "jan@x.be"),
        ("jan@x.be.", "jan@x.be", "email.fixed", "jan@x.be"),
        ("jan@x.be;", "jan@x.be", "email.fixed", "jan@x.be"),
        ("jan@x.be\u200b", "jan@x.be", "email.fixed", "jan@x.be"),
        ("\ufeffjan@x.be", "jan@x.be", "email.fixed", "jan@x.be"),
        ("a@x.be; b@y.be", "a@x.be", "email.multiple", "a@x.be"),
        ("a@x.be,b@y.be", "a@x.be", "email.multiple", "a@x.be"),
        ("a@x.be / b@y.be", "a@x.be", "email.multiple", "a@x.be"),
        ("a@x.be b@y.be", "a@x.be", "email.multiple", "a@x.be"),
        ("a@x.be\nb@y.be", "a@x.be", "email.multiple", "a@x.be"),
        ("a@x.be en b@y.be", "a@x.be", "email.multiple", "a@x.be"),
        ("a@x.be et b@y.be", "a@x.be", "email.multiple", "a@x.be"),
        ("a@x.be ::: b@y.be", "a@x.be", "email.multiple", "a@x.be"),
        ("Jan <a@x.be>, Piet <b@y.be>", "a@x.be", "email.multiple", "a@x.be"),
        ("jan@gmial.com", "jan@gmial.com", "email.typo_domain", "jan@gmail.com"),
        ("jan@gamil.com", "jan@gamil.com", "email.typo_domain", "jan@gmail.com"),
        ("jan@hotmial.be", "jan@hotmial.be", "email.typo_domain", "jan@hotmail.be"),
        ("jan@outlok.com", "jan@outlok.com", "email.typo_domain", "jan@outlook.com"),
        ("jan@yahooo.fr", "jan@yahooo.fr", "email.typo_domain", "jan@yahoo.fr"),
        ("jan@gmail.con", "jan@gmail.con", "email.typo_domain", "jan@gmail.com"),
        ("jan@gmail.co", "jan@gmail.co", "email.typo_domain", "jan@gmail.com"),
        ("jan@telenet.bee", "jan@telenet.bee", "email.typo_domain", "jan@telenet.be"),
        ("jan@telnet.be", "jan@telnet.be", "email.typo_domain", "jan@telenet.be"),
        ("jan@proximus.b", "jan@proximus.b", "email.typo_domain", "jan@proximus.be"),
        ("jan@t-onlin.de", "jan@t-onlin.de", "email.typo_domain", "jan@t-online.de"),
        ("Jan@GMIAL.COM", "Jan@gmial.com", "email.typo_domain", "Jan@gmail.com"),
        ("jan@skynet.bbe", "jan@skynet.bbe", "email.typo_domain", "jan@skynet.be"),
        ("jan@btinternet.co", "jan@btinternet.co", "email.typo_domain", "jan@btinternet.com"),
        ("jan@gmai.com", "jan@gmai.com", "email.typo_domain", "jan@gmail.com"),
        ("jan@orange.ffr", "jan@orange.ffr", "email.typo_domain", "jan@orange.fr"),
        ("jan@yahoo.de", "jan@yahoo.de", None, None),  # a real country's TLD: no slip
        ("jan@gmail.net", "jan@gmail.net", None, None),  # a real generic TLD
        ("jan@hotmail.nl", "jan@hotmail.nl", None, None),
        ("jan@gmx.net", "jan@gmx.net", None, None),
        ("jan@email.com", "jan@email.com", None, None),
        ("jan@abc.de", "jan@abc.de", None, None),
        ("jan@telenet", "jan@telenet", "email.missing_tld", "jan@telenet.be"),
        ("jan@gmail", "jan@gmail", "email.missing_tld", "jan@gmail.com"),
        ("jan@kantoor", "jan@kantoor", "email.missing_tld", None),
        ("jan@gmail,com", "jan@gmail,com", "email.missing_tld", "jan@gmail.com"),
        ("jan peeters@x.be", "jan peeters@x.be", "email.invalid", None),
        ("jan.@x.be", "jan.@x.be", "email.invalid", None),
        ("jan@@x.be", "jan@x.be", "email.fixed", "jan@x.be"),
        ("jan(at)x.be", "jan(at)x.be", "email.invalid", None),
        ("jan@x.test", "jan@x.test", "email.invalid", None),
        ("Jan Peeters", "Jan Peeters", "email.invalid", None),
        ("user+mailbox/department=shipping@example.tld", "user+mailbox/department=shipping@example.tld", None, None),  # noqa: E501
        ("'jan@x.be", "'jan@x.be", None, None),
        ('"quoted local part"@example.org', '"quoted local part"@example.org', "email.invalid", None),  # noqa: E501
        ("jose\u0301@exemple.fr", "jos\u00e9@exemple.fr", "email.fixed", "jos\u00e9@exemple.fr"),
        ("josé@exemple.fr", "josé@exemple.fr", None, None),
        ("info@société.be", "info@société.be", None, None),
        ("n/a", "", "email.placeholder", ""),
        ("N/A", "", "email.placeholder", ""),
        ("geen", "", "email.placeholder", ""),
        ("nvt", "", "email.placeholder", ""),
        ("-", "", "email.placeholder", ""),
        ("?", "", "email.placeholder", ""),
        ("x", "", "email.placeholder", ""),
        ("pas d'email", "", "email.placeholder", ""),
        ("noemail@noemail.com", "", "email.placeholder", ""),
        ("no@email", "", "email.placeholder", ""),
        ("geen@telenet.be", "", "email.placeholder", ""),
        ("test@test.be", "", "email.placeholder", ""),
        ("x@x.xx", "", "email.placeholder", ""),
        ("geen; jan@x.be", "jan@x.be", "email.fixed", "jan@x.be"),
        (X500, X500, "email.exchange_x500", None),
        ("EX:/O=EXCHANGELABS/CN=JAN", "EX:/O=EXCHANGELABS/CN=JAN", "email.exchange_x500", None),
        ("", "", None, None),
        ("   ", "", None, None),
    ],
)  # fmt: skip
def test_real_world_cells(
    value: str, compact: str, code: str | None, suggestion: str | None
) -> None:
    found = email.check(value)
    assert email.compact(value) == compact
    assert (found.code if found else None) == code
    assert (found.suggestion if found else None) == suggestion
    if found is not None:
        assert found.severity == email.CODES[found.code][0]


@pytest.mark.parametrize(
    ("value", "addresses", "additional"),
    [
        ("a@x.be; b@y.be, c@z.be", ["a@x.be", "b@y.be", "c@z.be"], "b@y.be; c@z.be"),
        ("a@x.be and B@Y.BE", ["a@x.be", "B@y.be"], "B@y.be"),
        ('"A" <a@x.be>; "B, b" <b@y.be>', ["a@x.be", "b@y.be"], "b@y.be"),
        ("privé: a@x.be / werk: b@y.be", ["a@x.be", "b@y.be"], "b@y.be"),  # labels dropped
        ("privé a@x.be / werk b@y.be", ["privé a@x.be", "werk b@y.be"], None),  # kept whole
        ("a@x.be/b@y.be", ["a@x.be", "b@y.be"], "b@y.be"),
        ("a/b@x.be; c@y.be", ["a/b@x.be", "c@y.be"], "c@y.be"),
        ("a@x.be", ["a@x.be"], None),
        ("n/a", [], None),
        ("", [], None),
        (X500, [X500], None),
    ],
)
def test_split_and_additional(value: str, addresses: list[str], additional: str | None) -> None:
    assert email.split(value) == addresses
    assert email.additional(value) == additional
    frame = pl.DataFrame({"v": [value]})
    got = frame.select(s=email.split_expr("v"), a=email.additional_expr("v")).row(0)
    assert got == (addresses, additional)


def test_typo_domain_table() -> None:
    assert email.typo_domain("gmial.com") == "gmail.com"
    assert email.typo_domain("hotmal.con") == "hotmail.com"
    assert email.typo_domain("skynet.bee") == "skynet.be"
    assert email.typo_domain("gmail.com") is None
    assert email.typo_domain("live.nl") is None
    assert email.typo_domain("wen.de") is None  # short labels are never fuzzy-matched
    assert email.typo_domain("mail.gmial.com") is None
    assert email.typo_domain("localhost") is None


def test_validate_is_valid_format() -> None:
    assert email.validate(" mailto:jan@X.be ") == "jan@x.be"
    assert email.validate("jan@gmial.com") == "jan@gmial.com"  # a warning does not raise
    with pytest.raises(errors.InvalidFormat) as info:
        email.validate("jan@telenet")
    assert info.value.code == "email.missing_tld"
    assert info.value.suggestion == "jan@telenet.be"
    with pytest.raises(errors.InvalidValue, match="Exchange"):
        email.validate(X500)
    assert email.is_valid("jan@x.be")
    assert email.is_valid("jan@gmial.com")
    assert not email.is_valid("n/a")
    assert not email.is_valid("jan@telenet")
    assert not email.is_valid(None)
    assert not email.is_valid(42)
    assert email.format('"Jan" <jan@X.BE>') == "jan@x.be"


def test_codes_are_the_catalogue() -> None:
    assert email.NAME == "email"
    assert set(email.CODES) == {
        "email.invalid",
        "email.missing_tld",
        "email.typo_domain",
        "email.placeholder",
        "email.multiple",
        "email.exchange_x500",
        "email.fixed",
    }


def test_column_findings_give_messages_and_suggestions() -> None:
    values = pl.Series(["jan@gmial.com", "jan@x.be", None, "jan@gmial.com", "n/a"])
    found = column_findings(values, email)
    assert found["code"].to_list() == [
        "email.typo_domain",
        None,
        None,
        "email.typo_domain",
        "email.placeholder",
    ]
    assert found["suggestion"].to_list()[:2] == ["jan@gmail.com", None]
    assert found["severity"].to_list()[0] == "warning"


def test_null_in_null_out() -> None:
    frame = pl.DataFrame({"v": [None, "jan@x.be"]}, schema={"v": pl.String})
    out = frame.select(c=email.compact_expr("v"), i=email.issue_expr("v"), s=email.split_expr("v"))
    assert out.row(0) == (None, None, None)
    assert out.row(1) == ("jan@x.be", None, ["jan@x.be"])


# ---------------------------------------------------------------- properties

FRAGMENTS = [
    "@", ".", ";", ",", "/", " ", "\u00a0", "\u200b", "\n", '"', "'", "<", ">", "(", ")",
    "mailto:", "MailTo:", " en ", " et ", " and ", " ::: ", "jan", "Jan.Peeters", "x", "-",
    "gmail.com", "gmial.com", "GMAIL.CON", "telenet", "telenet.bee", "hotmail.be", "be", "com",
    "n/a", "geen", "noemail", "test", "/o=", "EX:", "/cn=Recipients", "é", "ß", "İ", "Σ", "\uff20",
]  # fmt: skip
ADDRESS = st.from_regex(
    r"[A-Za-z0-9._%+'-]{1,12}@[A-Za-z0-9-]{1,10}(\.[A-Za-z0-9-]{1,6}){0,2}", fullmatch=True
)
CELL = st.one_of(
    st.text(max_size=25),
    st.lists(st.sampled_from(FRAGMENTS), max_size=10).map("".join),
    st.lists(st.one_of(ADDRESS, st.sampled_from(FRAGMENTS)), max_size=6).map("".join),
    ADDRESS,
)


def _codes(values: list[str | None]) -> list[str | None]:
    out = []
    for value in values:
        found = None if value is None else email.check(value)
        out.append(None if found is None else found.code)
    return out


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.one_of(CELL, st.none()), max_size=20))
def test_exprs_equal_scalar_oracles(values: list[str | None]) -> None:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    out = frame.select(
        compact=email.compact_expr("v"),
        issue=email.issue_expr("v"),
        split=email.split_expr("v"),
        additional=email.additional_expr("v"),
        judged=email.judge_expr("v"),
    )
    judged = out["judged"].struct.unnest()
    assert judged["compact"].equals(out["compact"])
    assert judged["code"].equals(out["issue"])
    assert judged["additional"].equals(out["additional"])
    suggestions = [None if v is None else email.check(v) for v in values]
    assert judged["suggestion"].to_list() == [f.suggestion if f else None for f in suggestions]
    assert out["compact"].to_list() == [None if v is None else email.compact(v) for v in values]
    assert out["split"].to_list() == [None if v is None else email.split(v) for v in values]
    assert out["additional"].to_list() == [
        None if v is None else email.additional(v) for v in values
    ]
    assert out["issue"].to_list() == _codes(values)


@settings(max_examples=200, deadline=None)
@given(value=CELL)
def test_compact_is_idempotent_and_never_raises(value: str) -> None:
    once = email.compact(value)
    assert email.compact(once) == once
    email.check(value)
    email.is_valid(value)


@settings(max_examples=200, deadline=None)
@given(
    address=st.from_regex(
        r"[A-Za-z0-9\u00c0-\u00ff!#$%&'*+=?^_`{|}~-]{1,8}(\.[A-Za-z0-9\u00c0-\u00ff_-]{1,5})?"
        r"@([a-z0-9]{1,6}(-[a-z0-9]{1,4})?\.){1,3}[a-z]{2,8}",
        fullmatch=True,
    )
)
def test_fast_path_only_accepts_what_email_validator_accepts(address: str) -> None:
    frame = pl.DataFrame({"v": [address]})
    fast = frame.select(email._fast_valid_expr(pl.col("v")))["v"][0]
    if fast:
        validate_email(address, check_deliverability=False)


def test_fast_path_takes_every_latin1_letter_email_validator_takes() -> None:
    letters = [chr(c) for c in range(0xC0, 0x100)]
    addresses = [f"{c}x.{c}@telenet.be" for c in letters]
    fast = pl.DataFrame({"v": addresses}).select(email._fast_valid_expr(pl.col("v")))["v"]
    for address, accepted in zip(addresses, fast, strict=True):
        assert accepted == (address[0] not in "\u00d7\u00f7")
        if accepted:
            validate_email(address, check_deliverability=False)


@settings(max_examples=300, deadline=None)
@given(
    local=st.sampled_from(["jan", "An.Peeters", "x_y", "  jan  "]),
    domain=st.sampled_from(
        [
            "gmial.com",
            "gmail.con",
            "telenet",
            "telenet.bee",
            "hotmial.be",
            "skynet.be",
            "Example.BE",
            "outlok.com",
            "proximus",
            "gmx.de",
        ]
    ),
    extra=st.sampled_from(["", "; an@x.be", " <mailto:x>", "\u200b"]),
)
def test_suggestion_expr_matches_check(local: str, domain: str, extra: str) -> None:
    value = f"{local}@{domain}{extra}"
    found = email.check(value)
    got = pl.DataFrame({"v": [value]}).select(email.suggestion_expr(pl.col("v"))).item()
    assert got == (found.suggestion if found else None)


def test_additional_addresses_judged_per_distinct_cell_reported_per_row() -> None:
    import clientmig as cm

    cells = ["a@x.be; b@y.be, jan peeters@z.be", "c@x.be", "a@x.be; b@y.be, jan peeters@z.be"]
    frame = pl.DataFrame({"email": cells, "email_additional": [None, "d@x.be / e@y", None]})
    cleaned = cm.clean(frame)
    assert cleaned.frame["email"].to_list() == ["a@x.be", "c@x.be", "a@x.be"]
    assert cleaned.frame["email_additional"].to_list() == [
        "b@y.be; jan peeters@z.be",
        "d@x.be; e@y",
        "b@y.be; jan peeters@z.be",
    ]
    extra = cleaned.issues.filter(pl.col("field") == "email_additional")
    assert extra.select("row", "code", "value").rows() == [
        (2, "email.invalid", "jan peeters@z.be"),
        (3, "email.missing_tld", "e@y"),
        (4, "email.invalid", "jan peeters@z.be"),
    ]
