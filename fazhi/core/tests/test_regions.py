"""Regions: level from the code, subtree prefixes, and the CSV loader (whole file or nothing)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from fazhi.core.models import Region
from fazhi.core.regions import in_subtree, level_of, subtree_prefix


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [
        ("150000000000", "province", "15"),
        ("150200000000", "city", "1502"),
        ("150202000000", "county", "150202"),
        ("150202001000", "township", "150202001"),
        ("150202001012", "village", "150202001012"),
    ],
)
def test_levels_and_prefixes_come_from_the_code(code, level, prefix):
    assert (level_of(code), subtree_prefix(code)) == (level, prefix)


def test_a_county_is_in_the_city_subtree_but_not_in_its_neighbour():
    assert in_subtree("150202001012", "150200000000")
    assert not in_subtree("150203000000", "150202000000")


@pytest.mark.django_db
def test_the_shipped_baotou_file_is_loaded_with_its_tree(baotou):
    assert Region.objects.count() == 957
    assert Region.objects.filter(level="county").count() == 10
    assert Region.objects.get(code="150202001012").parent.parent.name == "东河区"


@pytest.mark.django_db
def test_a_bad_row_rejects_the_whole_file_with_its_line_number(tmp_path, baotou):
    bad = tmp_path / "regions.csv"
    bad.write_text(
        "code,name,level,parent_code,lat,lon\n"
        "159900000000,测试市,city,150000000000,,\n"
        "1599010000,短代码,county,159900000000,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="第3行"):
        call_command("load_regions", str(bad))
    assert not Region.objects.filter(code__startswith="1599").exists()


@pytest.mark.django_db
def test_a_wrong_encoding_is_reported_in_chinese(tmp_path):
    bad = tmp_path / "regions.csv"
    bad.write_bytes("code,name,level,parent_code\n150200000000,包头市,city,\n".encode("gbk"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("load_regions", str(bad))
