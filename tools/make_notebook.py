#!/usr/bin/env python3
"""Writes a notebook (no outputs) from a list of (kind, source) cells: python3 tools/make_notebook.py tools/notebooks/NAME.py notebooks/NAME.ipynb
SPEC.py defines CELLS = [("markdown", "..."), ("code", "..."), ...]."""
import json, sys, runpy

spec = runpy.run_path(sys.argv[1])
cells = []
for i, (kind, src) in enumerate(spec["CELLS"]):
    cell = {"cell_type": kind, "id": f"c{i:02d}", "metadata": {}, "source": src.strip("\n").splitlines(keepends=True)}
    if kind == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    cells.append(cell)
nb = {
    "nbformat": 4, "nbformat_minor": 5,
    "metadata": {
        "kernelspec": {"name": "deno", "display_name": "Deno", "language": "typescript"},
        "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/x.typescript"},
    },
    "cells": cells,
}
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(nb, f, ensure_ascii=False, indent=1)
    f.write("\n")
