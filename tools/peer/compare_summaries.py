#!/usr/bin/python3
"""Compares two screening summaries (the shape of samples/s1/expected.json).

Areas must agree within a relative tolerance (default 0.01 %), counts exactly. The sliver count
(pieces under 1 m², noise of exact overlays whose number depends on the GEOS version) and the
conservation residual are shown but never fail the comparison.

Usage: /usr/bin/python3 tools/peer/compare_summaries.py A.json B.json [--tol 1e-4] [--quiet]
Exit code 0 when they agree, 1 when they differ.
"""
import argparse
import json
import sys

CLASSES = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"]
INFORMATIONAL = {"sliver_pieces", "conservation_residual_m2", "conservation_rel"}


def compare(a, b, tol):
    """Yields (path, value a, value b, ok) for every number both summaries should agree on."""

    def area(path, x, y):
        rel = 0.0 if x == y else abs(x - y) / max(abs(x), abs(y))
        # Areas near zero (e.g. 1e-9 m² of float noise) compare absolutely, to 1e-6 m².
        return (path, x, y, rel <= tol or abs(x - y) <= 1e-6)

    def count(path, x, y):
        return (path, x, y, x == y)

    def klass(path, ca, cb):
        for c in CLASSES:
            xa, xb = ca.get(c, {"area_m2": 0, "count": 0}), cb.get(c, {"area_m2": 0, "count": 0})
            yield area(f"{path}{c}.area_m2", xa["area_m2"], xb["area_m2"])
            yield count(f"{path}{c}.count", xa["count"], xb["count"])

    yield count("parcels", a["parcels"], b["parcels"])
    yield count("candidates.count", a["candidates"]["count"], b["candidates"]["count"])
    yield area("candidates.tbmj_m2", a["candidates"]["tbmj_m2"], b["candidates"]["tbmj_m2"])
    for k in ["count", "clusters", "qualifying_clusters", "qualifying_parcels"]:
        yield count(f"farmland.{k}", a["farmland"][k], b["farmland"][k])
    yield area("farmland.qualifying_tbmj_m2", a["farmland"]["qualifying_tbmj_m2"],
               b["farmland"]["qualifying_tbmj_m2"])
    yield from klass("classes.", a["classes"], b["classes"])
    yield count("total_pieces", a["total_pieces"], b["total_pieces"])
    yield area("total_kept_m2", a["total_kept_m2"], b["total_kept_m2"])
    towns = sorted(set(a["townships"]) | set(b["townships"]))
    for t in towns:
        yield from klass(f"townships.{t}.", a["townships"].get(t, {}), b["townships"].get(t, {}))
    la, lb = a["ledger"], b["ledger"]
    for k in ["candidate_m2", "kept_m2", "removed_m2", "dropped_m2"]:
        yield area(f"ledger.{k}", la[k], lb[k])
    yield count("ledger.dropped_pieces", la["dropped_pieces"], lb["dropped_pieces"])
    for k in sorted(set(la["layers"]) | set(lb["layers"])):
        xa, xb = la["layers"].get(k), lb["layers"].get(k)
        if xa is None or xb is None:
            yield (f"ledger.layers.{k}", xa, xb, False)
            continue
        yield count(f"ledger.layers.{k}.features", xa["features"], xb["features"])
        yield area(f"ledger.layers.{k}.deduction_m2", xa["deduction_m2"], xb["deduction_m2"])
        yield count(f"ledger.layers.{k}.candidates_hit", xa["candidates_hit"], xb["candidates_hit"])
        if "excluded" in xa and "excluded" in xb and a["params"].get("mode") == "exclude":
            yield count(f"ledger.layers.{k}.excluded", xa["excluded"], xb["excluded"])
            yield area(f"ledger.layers.{k}.excluded_m2", xa["excluded_m2"], xb["excluded_m2"])


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--tol", type=float, default=1e-4)
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    with open(args.a, encoding="utf-8") as f:
        a = json.load(f)
    with open(args.b, encoding="utf-8") as f:
        b = json.load(f)
    bad = 0
    for path, x, y, ok in compare(a, b, args.tol):
        if not ok:
            bad += 1
        if not ok or not args.quiet:
            print(f"{'  ' if ok else '✗ '}{path}: {x} | {y}")
    for k in sorted(INFORMATIONAL):
        print(f"  (info) ledger.{k}: {a['ledger'].get(k)} | {b['ledger'].get(k)}")
    print(f"{'agree' if bad == 0 else f'{bad} difference(s)'} (areas within {args.tol * 100:g} %, counts exact)")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
