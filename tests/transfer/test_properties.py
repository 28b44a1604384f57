"""Property: whatever is changed in an export, its import either restores exactly what the file
holds or is refused with a message and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session

from kompas.organisations.models import Organisation
from kompas.transfer import service
from tests.transfer.conftest import counts, empty, entries, export_bytes, lines, pack, rebuild

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=5,
)


def _ndjson(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for row in rows
    )


@st.composite
def mutations(draw: st.DrawFn, files: dict[str, bytes]) -> tuple[str, bytes]:
    """A description of the change and the changed export."""
    kinds = sorted(name for name, data in files.items() if name != "manifest.json" and data)
    name = draw(st.sampled_from(kinds))
    rows = lines(files[name])
    index = draw(st.integers(0, len(rows) - 1))
    column = draw(st.sampled_from(sorted(rows[index])))
    how = draw(
        st.sampled_from(
            ["value", "other-row-value", "drop-line", "copy-line", "manifest", "flip-byte"]
        )
    )
    if how == "flip-byte":  # damaged in transit: the checksum no longer agrees
        data = bytearray(files[name])
        at = draw(st.integers(0, len(data) - 1))
        data[at] ^= draw(st.integers(1, 255))
        changed = dict(files)
        changed[name] = bytes(data)
        return f"flip byte {at} of {name}", pack(changed, json.loads(files["manifest.json"]))
    if how == "manifest":
        key = draw(st.sampled_from(["format", "formatVersion", "organisation", "exportedAt"]))
        value = draw(JSON_VALUES | st.integers(0, 3))

        def set_manifest(manifest: dict[str, Any], _files: dict[str, bytes]) -> None:
            manifest[key] = value

        return f"manifest {key} = {value!r}", rebuild(files, set_manifest)
    if how == "value":
        rows[index][column] = draw(JSON_VALUES)
    elif how == "other-row-value":
        rows[index][column] = rows[draw(st.integers(0, len(rows) - 1))][column]
    elif how == "drop-line":
        del rows[index]
    else:
        rows.insert(index, dict(rows[index]))

    def set_rows(_manifest: dict[str, Any], changed: dict[str, bytes]) -> None:
        changed[name] = _ndjson(rows)

    return f"{how} {name}[{index}].{column}", rebuild(files, set_rows)


def _rows_of(files: dict[str, bytes]) -> dict[str, list[str]]:
    return {
        name: sorted(json.dumps(row, sort_keys=True) for row in lines(data))
        for name, data in files.items()
        if name != "manifest.json"
    }


@pytest.fixture
def demo_files(engine: Engine, demo: Organisation) -> dict[str, bytes]:
    return entries(export_bytes(engine, demo))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_changed_export_is_restored_exactly_or_refused_without_a_change(
    data: st.DataObject, demo_files: dict[str, bytes], target: Engine, tmp_path: Path
) -> None:
    description, archive = data.draw(mutations(demo_files), label="mutation")
    path = tmp_path / "changed.zip"
    path.write_bytes(archive)
    empty(target)
    before = counts(target)
    refusal: service.ImportRefused | None = None
    try:
        plan = service.import_organisation(target, str(path))
    except service.ImportRefused as refused:
        refusal = refused
    event("refused" if refusal else "imported")
    if refusal is not None:
        assert str(refusal), description
        assert counts(target) == before, description
        return
    # Imported: what is in the database is exactly what the file held.
    given_files = entries(archive)
    with Session(target) as session:
        organisation = session.get(Organisation, plan.organisation_id)
    assert organisation is not None, description
    again = _rows_of(entries(export_bytes(target, organisation)))
    expected = _rows_of(given_files)
    for name, rows in expected.items():
        if name == "audit_events.ndjson":
            assert set(rows) <= set(again[name]), description
            assert len(again[name]) == len(rows) + 1, description
        else:
            assert again[name] == rows, (description, name)
