"""family/data.py: member data in both shapes, each member's errors kept to itself."""

from __future__ import annotations


import pytest

from authoring.build import configure
from authoring.data import load_dataset
from authoring.errors import AuthoringError, DataError
from authoring.family.data import FamilyScope, load_family, member_dataset

from .truth import FAMILY, break_cell, copy_family, member_values, members


def _family(project):
    config = configure(project)
    parent = load_dataset(config.data_paths(), project)
    return config, parent, load_family(config, parent)




def test_wide_and_long_shapes_give_every_members_series():
    _, _, family = _family(FAMILY)
    truth = member_values()
    assert [m.id for m in family.members] == list(members())
    read = {(ident, m, year): v.value for m, series in family.series.items()
            for ident, ind in series.items() for year, v in ind.values.items()}
    assert read == truth
    assert len(family.indicators) >= 10


def test_a_members_report_sees_its_own_series_under_the_indicator_ids():
    config, parent, family = _family(FAMILY)
    dataset = member_dataset(FamilyScope(family, "lakes", parent))
    assert dataset.indicators["gdp"].values[2023].value == member_values()[("gdp", "lakes", 2023)]
    assert dataset.indicators["gdp"].values[2023].location.file == "data/regions-wide.csv"
    assert parent.indicators["gdp"].values[2023].location.file == "data/country.csv"


def test_a_bad_cell_fails_only_its_member_with_its_cell(tmp_path):
    project = copy_family(tmp_path)
    line = break_cell(project)
    config, parent, family = _family(project)
    with pytest.raises(AuthoringError) as caught:
        member_dataset(FamilyScope(family, "marsh", parent))
    assert f"data/regions-wide.csv:{line} (column '2023')" in str(caught.value)
    member_dataset(FamilyScope(family, "north", parent))  # the others are untouched
    with pytest.raises(DataError, match="needs Fenland's tourists"):
        family.value(family.member("marsh"), "tourists", 2023)


def test_an_unknown_member_fails_the_family_at_its_cell(tmp_path):
    project = copy_family(tmp_path)
    path = project / "data" / "regions-long.csv"
    path.write_text(path.read_text() + "broadband,nort,2023,80\n")
    lines = len(path.read_text().splitlines())
    with pytest.raises(DataError) as caught:
        _family(project)
    text = str(caught.value)
    assert f"data/regions-long.csv:{lines} (column 'member')" in text and "did you mean north" in text
