"""The example notebook runs headless, start to finish, on whatever records are in seeds/."""

from __future__ import annotations

import pytest

from factory import ROOT

NOTEBOOK = ROOT / "examples" / "explore-ccus-policies.ipynb"


def test_example_notebook_runs_without_errors():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("pandas")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "policies" in text and "datetime64" in text
    magic_output = notebook.cells[-2].outputs[0]["data"]["text/plain"]
    assert "statutory" in magic_output and "average" in magic_output
    figures = [o["data"]["image/svg+xml"] for o in outputs if "image/svg+xml" in o.get("data", {})]
    facility_map, capacity_chart = figures  # the facility map, then the capacity chart
    facilities = len(list((ROOT / "seeds" / "facilities" / "en").glob("*.md")))
    assert facility_map.count('class="facility"') == facilities and "Operational" in facility_map
    assert 'class="bar"' in capacity_chart and "Norway" in capacity_chart
