from __future__ import annotations

from pathlib import Path

import pytest

from connect_local.auth.credentials import Credential, load_credentials

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "credentials"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_profiles_keyed_by_access_key_with_account_rules(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
[default]
aws_access_key_id = 111122223333
aws_secret_access_key = {SECRET}

[named]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = other-secret
aws_session_token = ignored

[pinned]
aws_access_key_id = AKIDPINNED
aws_secret_access_key = pinned-secret
account = 444455556666
""",
    )
    creds = load_credentials(path)
    assert creds == {
        "111122223333": Credential("111122223333", SECRET, "111122223333"),
        "AKIDEXAMPLE": Credential("AKIDEXAMPLE", "other-secret", "000000000000"),
        "AKIDPINNED": Credential("AKIDPINNED", "pinned-secret", "444455556666"),
    }


def test_profiles_without_keys_are_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[role]\nrole_arn = arn:aws:iam::111122223333:role/x\nsource_profile = default\n"
        "[k]\naws_access_key_id = AK\naws_secret_access_key = s\n",
    )
    assert list(load_credentials(path)) == ["AK"]


def test_repr_never_shows_the_secret(tmp_path: Path) -> None:
    path = write(tmp_path, f"[default]\naws_access_key_id = AKID\naws_secret_access_key = {SECRET}\n")
    creds = load_credentials(path)
    assert SECRET not in repr(creds)
    assert SECRET not in str(creds["AKID"])
    assert "AKID" in repr(creds["AKID"])


def test_duplicate_access_key_names_both_sections(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[one]\naws_access_key_id = AK\naws_secret_access_key = a\n"
        "[two]\naws_access_key_id = AK\naws_secret_access_key = b\n",
    )
    with pytest.raises(ValueError, match=r"\[two\].*'AK'.*\[one\]") as info:
        load_credentials(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("account", ["12345", "1111222233334", "abcdefghijkl", "١١١١٢٢٢٢٣٣٣٣"])
def test_bad_account_is_rejected_with_section(tmp_path: Path, account: str) -> None:
    path = write(tmp_path, f"[p]\naws_access_key_id = AK\naws_secret_access_key = s\naccount = {account}\n")
    with pytest.raises(ValueError, match=r"\[p\]: account .* 12-digit"):
        load_credentials(path)


def test_key_without_secret_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "[p]\naws_access_key_id = AK\n")
    with pytest.raises(ValueError, match=r"\[p\].*no aws_secret_access_key"):
        load_credentials(path)


def test_secret_without_key_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, f"[p]\naws_secret_access_key = {SECRET}\n")
    with pytest.raises(ValueError, match=r"\[p\]") as info:
        load_credentials(path)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        f"aws_secret_access_key = {SECRET}\n",  # no section header
        f"[p]\naws_access_key_id = AK\n{SECRET}\n",  # a line that is not key = value
        f"[p]\naws_access_key_id = AK\naws_secret_access_key = {SECRET}\naws_access_key_id = AK2\n",
        f"[p]\naws_access_key_id = AK\naws_secret_access_key = {SECRET}\n[p]\naws_access_key_id = AK2\n",
    ],
)
def test_malformed_file_error_names_file_but_not_secret(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as info:
        load_credentials(path)
    assert str(path) in str(info.value)
    assert SECRET not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_access_key_with_slash_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "[p]\naws_access_key_id = AK/ID\naws_secret_access_key = s\n")
    with pytest.raises(ValueError, match=r"\[p\].*'/'"):
        load_credentials(path)
