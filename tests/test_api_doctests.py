"""The examples in the API's docstrings run, so the documentation cannot drift from the code."""

from __future__ import annotations

import doctest

import ccuskg
import ccuskg.api

from factory import ROOT


def test_the_api_docstring_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    globs = {"ccuskg": ccuskg, "tmp": tmp_path}
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(ccuskg.api, globs=globs) if t.examples]
    assert len(tests) >= 2, "the façade's docstrings carry examples"
    for test in sorted(tests, key=lambda t: t.lineno or 0):
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} docstring example(s) failed (see the output above)"
