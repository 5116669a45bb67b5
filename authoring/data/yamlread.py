"""A YAML data file → raw tables whose cells keep their line numbers.

Scalars are kept as their source text (YAML's `1815.3` stays "1815.3"), so YAML values
go through the same exact decimal parsing as CSV and spreadsheet cells.
"""

from __future__ import annotations

from ..errors import DataError, Location
from ..safeyaml import compose
from .tables import RawCell, RawTable

KNOWN_KEYS = ("indicators", "values", "breakdowns")


def read_yaml_tables(data: bytes, shown: str) -> list[RawTable]:
    """The bytes of a data YAML file (shown to users as `shown`) → its raw tables."""
    import yaml

    from ..paths import decode_text

    text = decode_text(data, shown, DataError)
    try:
        root = compose(text, shown)
    except yaml.YAMLError as exc:
        problem, location = yaml_problem(exc, text, shown)
        raise DataError(f"YAML syntax error: {problem}", location) from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise DataError("a data YAML file must be a mapping with keys such as 'indicators:'",
                        Location(shown, root.start_mark.line + 1))
    tables = []
    for key_node, value_node in root.value:
        key = key_node.value
        loc = Location(shown, key_node.start_mark.line + 1)
        if key not in KNOWN_KEYS:
            raise DataError(f"unknown top-level key '{key}'", loc,
                            hint=f"use one of: {', '.join(KNOWN_KEYS)}")
        if key == "values" and isinstance(value_node, yaml.MappingNode):
            tables.append(_wide_values(value_node, shown))
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            raise DataError(f"'{key}' must be a list of entries (each starting with '- ')", loc)
        rows, columns = [], []
        for item in value_node.value:
            if not isinstance(item, yaml.MappingNode):
                raise DataError(f"each entry of '{key}' must be a mapping of fields",
                                Location(shown, item.start_mark.line + 1))
            row = {}
            for k, v in item.value:
                name = str(k.value)
                if name in row:
                    raise DataError(f"the field '{name}' is given twice",
                                    Location(shown, k.start_mark.line + 1, name))
                row[name] = RawCell(_node_value(v, shown), Location(shown, v.start_mark.line + 1, name))
                if name not in columns:
                    columns.append(name)
            rows.append(row)
        tables.append(RawTable(shown, key, tuple(columns), tuple(rows)))
    return tables


def yaml_problem(exc, text: str, shown: str) -> tuple[str, Location]:
    """A PyYAML error → (what is wrong, file:line:column). A reader error (a control
    character) has only a character offset, which is turned into a line and column."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return (getattr(exc, "problem", None) or str(exc),
                Location(shown, mark.line + 1, mark.column + 1))
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        before = text[:position]
        line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
        character = getattr(exc, "character", "")
        code = ord(character) if isinstance(character, str) and character else character
        what = f"the control character #x{code:04x}" if isinstance(code, int) else "a character"
        return (f"{what} is not allowed in YAML", Location(shown, line, column))
    return str(exc), Location(shown)


def _wide_values(node, shown: str) -> RawTable:
    """`values: {indicator: {2019: 1, 2020: 2}}` → long rows (indicator, year, value)."""
    import yaml

    rows = []
    for ind_node, years_node in node.value:
        ind_loc = Location(shown, ind_node.start_mark.line + 1, "indicator")
        if not isinstance(years_node, yaml.MappingNode):
            raise DataError(f"values of '{ind_node.value}' must be a mapping of year: value",
                            ind_loc)
        for year_node, value_node in years_node.value:
            line = year_node.start_mark.line + 1
            rows.append({
                "indicator": RawCell(ind_node.value, ind_loc),
                "year": RawCell(year_node.value, Location(shown, line, "year")),
                "value": RawCell(_node_value(value_node, shown), Location(shown, line, "value")),
            })
    return RawTable(shown, "values", ("indicator", "year", "value"), tuple(rows))


def _node_value(node, shown: str):
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return ""
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_node_value(n, shown) for n in node.value]
    # nested mapping, e.g. inline `values: {2019: 1}`: keep per-entry locations
    return {str(k.value): RawCell(_node_value(v, shown), Location(shown, k.start_mark.line + 1, str(k.value)))
            for k, v in node.value}
