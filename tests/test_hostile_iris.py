"""Base IRIs a user might mistype: refused before any IRI is minted from them."""

import pytest

from ccuskg.model.iris import BaseIRIError, check_base

from factory import FOUNDING_RECORD


@pytest.mark.parametrize("base", ["http://ex.org/data?x=", "http://ex.org:99999/", "http://user:pw@ex.org/",
                                  "http://:80/"])
def test_a_base_with_a_query_a_bad_port_credentials_or_no_host_is_refused(base):
    with pytest.raises(BaseIRIError):
        check_base(base)


@pytest.mark.parametrize("base, expected", [("http://ex.org/x", "http://ex.org/x/"),
                                            ("https://ex.org:8443/kg#", "https://ex.org:8443/kg#")])
def test_ordinary_bases_still_work(base, expected):
    assert check_base(base) == expected


def test_build_with_a_query_in_the_base_is_a_usage_error(tmp_path, cli):
    result = cli("build", FOUNDING_RECORD, "--store", tmp_path / "store", "--base", "http://ex.org/data?x=")
    assert result.exit_code == 2 and "--base" in result.stderr
    assert not (tmp_path / "store").exists()
