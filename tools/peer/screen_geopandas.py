#!/usr/bin/python3
"""Independent peer of the in-flow screening (DOMAIN.md §4.1–§4.3), written with GeoPandas.

Runs on Debian's own stack (GeoPandas 0.12, Shapely 1.8 / GEOS 3.11, Fiona 1.9, rtree, SciPy),
so it shares no code with the TypeScript screening in src/screen/. It is the program a competent
analyst would write: spatial index queries (rtree via GeoPandas' sindex), one unary_union per
layer, vectorised GeoSeries operations where they exist, and Python loops only over the
candidates that touch a constraint. Its summary JSON has the shape of
/work/shared/samples/s1/expected.json, plus "times" (seconds per step).

Usage:
  /usr/bin/python3 tools/peer/screen_geopandas.py --dltb DLTB.shp --constraints DIR \
      [--gap 10] [--threshold-mu 50] [--min-piece-m2 400] [--mode erase|exclude] \
      [--exclude-share 0.5] --out summary.json
"""
import argparse
import json
import math
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
import rtree
import geopandas as gpd
try:  # SciPy is only a "recommends" of Debian's GeoPandas: fall back to a union-find without it
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
except ImportError:  # pragma: no cover
    coo_matrix = connected_components = None
from shapely.geometry import box
from shapely.ops import unary_union
from shapely.validation import make_valid

warnings.filterwarnings("ignore", category=RuntimeWarning)  # empty-geometry area warnings
warnings.filterwarnings("ignore", message="CRS mismatch")  # helper GeoSeries carry no CRS

CLASSES = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"]
# 园地 02xx, 林地 03xx, 草地 04xx except 0404, 坑塘 1104; wetland 0303/0304/0306/0402 left out.
CANDIDATE_BASES = {"0201", "0202", "0203", "0204", "0301", "0302", "0305", "0307", "0401", "0403", "1104"}
RESTORABLE = {"JKHF", "GCHF"}
SLIVER_M2 = 1.0  # pieces whose reported area is below this are overlay noise (slivers)
FIELDS = ["BSM", "DLBM", "ZLDWDM", "TBMJ", "ZZSXDM"]


def parse_args(argv):
    p = argparse.ArgumentParser(description="GeoPandas peer of the in-flow screening")
    p.add_argument("--dltb", required=True)
    p.add_argument("--constraints", required=True)
    p.add_argument("--gap", type=float, default=10.0)
    p.add_argument("--threshold-mu", type=float, default=50.0)
    p.add_argument("--min-piece-m2", type=float, default=400.0)
    p.add_argument("--mode", choices=["erase", "exclude"], default="erase")
    p.add_argument("--exclude-share", type=float, default=0.5)
    p.add_argument("--out", required=True)
    return p.parse_args(argv)


# ---------------------------------------------------------------- reading


def shapefile_encoding(path):
    """The DBF encoding: the .cpg when there is one, else GBK (the survey's usual encoding)."""
    cpg = os.path.splitext(path)[0] + ".cpg"
    if os.path.exists(cpg):
        with open(cpg, "rb") as f:
            enc = f.read().decode("ascii", "ignore").strip().lower()
        return {"936": "gbk", "cp936": "gbk", "utf8": "utf-8"}.get(enc, enc), True
    return "gbk", False


def read_vector(path, **kwargs):
    """Reads a .shp (encoding from .cpg, else GBK) or a .geojson with fiona."""
    if path.lower().endswith(".shp"):
        enc, has_cpg = shapefile_encoding(path)
        if not has_cpg:
            kwargs["encoding"] = enc
        return gpd.read_file(path, **kwargs), enc
    return gpd.read_file(path, **kwargs), "utf-8"


def polygonal(geom):
    """The OGC-valid polygonal part of a geometry (make_valid, keeping polygons only)."""
    if geom is None or geom.is_empty:
        return None
    if not geom.is_valid:
        geom = make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(polys) if polys else None


def fix_geometries(gdf):
    """Repairs invalid geometries in place (only those GEOS reports invalid)."""
    bad = ~gdf.geometry.is_valid | gdf.geometry.isna()
    if bad.any():
        gdf.loc[bad, "geometry"] = gpd.GeoSeries([polygonal(g) for g in gdf.geometry[bad]],
                                                 index=gdf.index[bad], crs=gdf.crs)
    return gdf


def crs_label(crs):
    if crs is None:
        return None
    epsg = crs.to_epsg(min_confidence=70)
    return str(epsg) if epsg is not None else crs.to_string()


def read_constraints(folder, crs):
    """Every .shp and .geojson in `folder`, named after its file, in the DLTB's CRS, sorted by name."""
    names = sorted(f for f in os.listdir(folder) if f.lower().endswith((".shp", ".geojson")))
    layers = []
    for f in names:
        gdf, _ = read_vector(os.path.join(folder, f))
        if gdf.crs is not None and crs is not None and gdf.crs != crs:
            gdf = gdf.to_crs(crs)
        layers.append((os.path.splitext(f)[0], fix_geometries(gdf)))
    return layers


# ---------------------------------------------------------------- geometry helpers


def parts_of(geom):
    """The polygons of a (multi)polygon, as a GeoSeries."""
    if geom is None or geom.is_empty:
        return gpd.GeoSeries([], dtype="geometry")
    return gpd.GeoSeries(list(getattr(geom, "geoms", [geom])))


def bounds_index(bounds):
    """An R-tree (rtree, bulk-loaded) over envelopes given as an (n, 4) array."""
    stream = ((i, tuple(bb), None) for i, bb in enumerate(bounds) if np.isfinite(bb).all())
    return rtree.index.Index(stream) if len(bounds) else rtree.index.Index()


def within_pairs(left, left_bounds, right, right_index, d, keep=None):
    """Index pairs (i, j) with distance(left[i], right[j]) <= d: the R-tree gives the pairs whose
    envelopes come within d, GEOS the exact distance. `keep(i, j)` filters the pairs before the
    distances are computed."""
    li, rj = [], []
    for i, (x0, y0, x1, y1) in enumerate(left_bounds):
        hits = list(right_index.intersection((x0 - d, y0 - d, x1 + d, y1 + d)))
        li.extend([i] * len(hits))
        rj.extend(hits)
    li, rj = np.array(li, dtype=np.int64), np.array(rj, dtype=np.int64)
    if keep is not None and len(li):
        ok = keep(li, rj)
        li, rj = li[ok], rj[ok]
    if len(li) == 0:
        return li, rj
    dist = gpd.GeoSeries(left.values[li]).distance(gpd.GeoSeries(right.values[rj]))
    ok = dist.values <= d
    return li[ok], rj[ok]


def components(n, a, b):
    """Connected components of n nodes joined by the pairs (a[k], b[k]): (count, label per node)."""
    if n == 0:
        return 0, np.array([], dtype=np.int64)
    if connected_components is not None:
        graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
        return connected_components(graph, directed=False)
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(a.tolist(), b.tolist()):
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    roots = np.array([find(x) for x in range(n)])
    _, label = np.unique(roots, return_inverse=True)
    return int(label.max()) + 1, label


def overlap_areas(geoms, geoms_tree, mask):
    """Per geometry, the planar area of its intersection with `mask` (a union, so its polygons
    are disjoint), with the (geometry, part) pairs that meet. The index is queried with the
    mask's parts, which are far fewer than the geometries."""
    parts = parts_of(mask)
    area = np.zeros(len(geoms))
    if len(parts) == 0:
        return area, np.array([], int), np.array([], int), parts
    pj, gi = geoms_tree.query_bulk(parts, predicate="intersects")
    if len(gi):
        a = gpd.GeoSeries(geoms.values[gi]).intersection(gpd.GeoSeries(parts.values[pj])).area.values
        np.add.at(area, gi, a)
    return area, gi, pj, parts


# ---------------------------------------------------------------- screening


def screen(args):
    times = {}
    t0 = t = time.perf_counter()

    def lap(name):
        nonlocal t
        now = time.perf_counter()
        times[name] = now - t
        t = now

    threshold = args.threshold_mu * 10000.0 / 15.0
    scatter = 10000.0  # 15 亩 exactly

    # read ------------------------------------------------------------------
    dltb, dbf_encoding = read_vector(args.dltb, include_fields=FIELDS)
    dltb = fix_geometries(dltb.reset_index(drop=True))
    layers = read_constraints(args.constraints, dltb.crs)
    lap("read")

    # candidates and farmland ----------------------------------------------
    code = dltb["DLBM"].fillna("").astype(str).str.strip()
    base, suffix = code.str[:4], code.str[4:]
    zz = dltb["ZZSXDM"].fillna("").astype(str).str.strip()
    is_cand = base.isin(CANDIDATE_BASES) & suffix.isin(["", "K", "A"]) & zz.isin(RESTORABLE)
    is_farm = base.str.startswith("01") & (base.str.len() == 4)
    cands = dltb[is_cand & dltb.geometry.notna()].reset_index(drop=True)
    farm = dltb[is_farm & dltb.geometry.notna()].reset_index(drop=True)
    cand_geom = cands.geometry
    cand_planar = cand_geom.area.values
    cand_tbmj = cands["TBMJ"].astype(float).values
    scale = np.divide(cand_tbmj, cand_planar, out=np.zeros_like(cand_tbmj), where=cand_planar > 0)
    cand_town = cands["ZLDWDM"].fillna("").astype(str).str[:9].values
    lap("candidates")

    # union: each layer's own features, then all layers --------------------
    layer_unions = [unary_union([g for g in gdf.geometry.values if g is not None]) for _, gdf in layers]
    mask = unary_union(layer_unions) if layer_unions else None
    lap("union")

    # erase (or exclude) ----------------------------------------------------
    # Area under the union of all layers, per candidate (also the share of exclude mode).
    cand_tree = cand_geom.sindex
    under, gi, pj, mask_parts = overlap_areas(cand_geom, cand_tree, mask)
    pieces = []  # (candidate row, planar area, reported area, geometry)
    if args.mode == "erase":
        hits = pd.Series(pj).groupby(gi).apply(list) if len(gi) else pd.Series(dtype=object)
        left = cand_geom.values.copy()
        for i, js in hits.items():
            g = cand_geom.values[i]
            x0, y0, x1, y1 = g.bounds
            clip = box(x0, y0, x1, y1)
            local = unary_union([mask_parts.values[j].intersection(clip) for j in js])
            left[i] = g.difference(local)
        for i, g in enumerate(left):
            if g is None or g.is_empty:
                continue
            for p in getattr(g, "geoms", [g]):
                if p.geom_type == "Polygon" and not p.is_empty:
                    pieces.append((i, p.area, p.area * scale[i], p))
        removed_m2 = math.fsum(under * scale)
    else:
        share = np.divide(under, cand_planar, out=np.zeros_like(under), where=cand_planar > 0)
        excluded = share > args.exclude_share
        for i in np.flatnonzero(~excluded):
            pieces.append((i, cand_planar[i], cand_tbmj[i], cand_geom.values[i]))
        removed_m2 = math.fsum(cand_tbmj[excluded])
    lap("erase")

    # ledger per layer -------------------------------------------------------
    ledger_layers = {}
    per_layer = []
    for (name, gdf), u in zip(layers, layer_unions):
        a = overlap_areas(cand_geom, cand_tree, u)[0]
        per_layer.append(a)
        ledger_layers[name] = {"features": int(len(gdf)), "deduction_m2": math.fsum(a * scale),
                               "candidates_hit": int((a > 0).sum())}
    if args.mode == "exclude" and layers:
        # An excluded candidate is charged (its whole TBMJ) to the layer with the largest overlap
        # (the first in name order on ties): the only keys added to expected.json's shape.
        charge = np.argmax(np.vstack(per_layer), axis=0)
        for k, (name, _) in enumerate(layers):
            sel = excluded & (charge == k)
            ledger_layers[name]["excluded"] = int(sel.sum())
            ledger_layers[name]["excluded_m2"] = math.fsum(cand_tbmj[sel])
    lap("ledger")

    # keep / drop ------------------------------------------------------------
    kept, dropped_m2, dropped_pieces, slivers = [], [], 0, 0
    for pc in pieces:
        if args.mode == "exclude" or pc[2] >= args.min_piece_m2:
            kept.append(pc)
        else:
            dropped_m2.append(pc[2])
            if pc[2] < SLIVER_M2:
                slivers += 1
            else:
                dropped_pieces += 1

    # clusters of farmland as surveyed --------------------------------------
    fgeom = farm.geometry
    fbounds = fgeom.bounds.values
    findex = bounds_index(fbounds)
    a, b = within_pairs(fgeom, fbounds, fgeom, findex, args.gap, keep=lambda i, j: i < j)
    n_farm = len(farm)
    n_clusters, label = components(n_farm, a, b)
    ftbmj = farm["TBMJ"].astype(float).values
    sums = np.bincount(label, weights=ftbmj, minlength=n_clusters) if n_farm else np.array([])
    qualifying = sums >= threshold
    q_parcel = qualifying[label] if n_farm else np.array([], bool)
    lap("cluster")

    # classes ------------------------------------------------------------------
    kgeom = gpd.GeoSeries([pc[3] for pc in kept])
    near = np.zeros(len(kept), bool)
    if len(kept) and q_parcel.any():
        ki, _ = within_pairs(kgeom, kgeom.bounds.values, fgeom, findex, args.gap, keep=lambda i, j: q_parcel[j])
        near[ki] = True

    def zero():
        return {c: {"area_m2": [], "count": 0} for c in CLASSES}

    classes, townships = zero(), {}
    for (i, _, area, _), nr in zip(kept, near):
        c = "I_CONTIG" if nr else "II_CONTIG" if area > threshold else "I_SCATTER" if area > scatter else "II_SCATTER"
        for target in (classes, townships.setdefault(cand_town[i], zero())):
            target[c]["area_m2"].append(area)
            target[c]["count"] += 1
    lap("classify")
    times["total"] = time.perf_counter() - t0

    def finish(table):
        out = {}
        for c in CLASSES:
            m2 = math.fsum(table[c]["area_m2"])
            out[c] = {"area_m2": m2, "area_mu": m2 * 15 / 10000, "count": table[c]["count"]}
        return out

    candidate_m2 = math.fsum(cand_tbmj)
    kept_m2 = math.fsum(pc[2] for pc in kept)
    dropped = math.fsum(dropped_m2)
    residual = candidate_m2 - kept_m2 - removed_m2 - dropped
    return {
        "params": {"gap_m": args.gap, "threshold_mu": args.threshold_mu, "threshold_m2": threshold,
                   "scatter_m2": scatter, "min_piece_m2": args.min_piece_m2, "mode": args.mode},
        "parcels": int(len(dltb)),
        "candidates": {"count": int(len(cands)), "tbmj_m2": candidate_m2},
        "farmland": {"count": int(n_farm), "clusters": int(n_clusters),
                     "qualifying_clusters": int(qualifying.sum()),
                     "qualifying_parcels": int(q_parcel.sum()),
                     "qualifying_tbmj_m2": math.fsum(sums[qualifying])},
        "classes": finish(classes),
        "total_pieces": len(kept),
        "total_kept_m2": kept_m2,
        "townships": {k: finish(townships[k]) for k in sorted(townships)},
        "ledger": {"candidate_m2": candidate_m2, "kept_m2": kept_m2, "removed_m2": removed_m2,
                   "dropped_m2": dropped, "dropped_pieces": dropped_pieces, "sliver_pieces": slivers,
                   "conservation_residual_m2": residual,
                   "conservation_rel": abs(residual) / candidate_m2 if candidate_m2 else 0.0,
                   "layers": ledger_layers},
        "crs": crs_label(dltb.crs),
        "dbf_encoding": dbf_encoding,
        "constraint_layers": [name for name, _ in layers],
        "times": {k: round(v, 4) for k, v in times.items()},
    }


def main(argv):
    args = parse_args(argv)
    summary = screen(args)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=1)
        f.write("\n")
    t = summary["times"]
    print("peer " + " ".join(f"{k}={v:.2f}s" for k, v in t.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
