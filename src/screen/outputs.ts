/**
 * Writes a screening result as files: pieces (CSV, GeoJSON in the parcels' CRS and a marked
 * WGS84 copy), the deduction ledger, the township × class summary, summary.json (the shape of
 * the independent sample answer), an XLSX workbook with Chinese headers, and the method notes.
 * The folder is written atomically.
 */
import type { Crs } from "../io/crs.ts";
import { crsUrn, reprojectColumn, WGS84 } from "../io/crs.ts";
import { polygonColumnFromRings } from "../geom/types.ts";
import { encodeGeoJSON } from "../io/geojson.ts";
import { writeCsv } from "../io/csv.ts";
import { writeXlsx } from "../io/xlsx.ts";
import type { Cell, FieldDef } from "../io/layer.ts";
import { writeReportDir } from "../io/report_dir.ts";
import { M2_PER_MU } from "../units/area.ts";
import { CLASS_LABELS, DUTY_LABELS, MODE_LABELS } from "./labels.ts";
import { CONTIG_CLASSES, type ScreenResult } from "./types.ts";
import { thresholdM2 } from "./params.ts";

const mu = (m2: number) => m2 / M2_PER_MU;
const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

/** Columns of pieces.csv / the GeoJSON properties, with their Chinese headers for XLSX. */
export const PIECE_COLUMNS = [
  { key: "BSM", header: "标识码" }, { key: "part", header: "部件号" }, { key: "class", header: "类别代码" },
  { key: "class_label", header: "潜力图斑类别" }, { key: "duty", header: "核实要求" },
  { key: "area_m2", header: "面积（平方米）" }, { key: "area_mu", header: "面积（亩）" },
  { key: "township", header: "乡镇代码" }, { key: "township_name", header: "乡镇名称" },
  { key: "county", header: "县级代码" }, { key: "village", header: "村级代码" },
  { key: "dlbm", header: "地类编码" }, { key: "zzsxdm", header: "种植属性" }, { key: "source", header: "候选来源" },
  { key: "cluster", header: "毗邻集中连片编号" }, { key: "adjacent_grade", header: "毗邻耕地平均等别" },
];

/** The summary in the shape of the sample's expected.json (snake_case, m² and 亩). */
export function summaryJson(r: ScreenResult, crs: Crs, layerNames: string[]): Record<string, unknown> {
  const cls = (t: { areaM2: number; count: number }) => ({ area_m2: t.areaM2, area_mu: mu(t.areaM2), count: t.count });
  const residual = r.ledger.candidateM2 - r.ledger.keptM2 - r.ledger.removedM2 - r.ledger.droppedM2;
  return {
    params: {
      gap_m: r.params.gapM, threshold_mu: r.params.thresholdMu, threshold_m2: thresholdM2(r.params), scatter_m2: 10000,
      min_piece_m2: r.params.minPieceM2, mode: r.params.mode, exclude_share: r.params.excludeShare, include_wetland: r.params.includeWetland,
    },
    parcels: r.parcels,
    candidates: { count: r.candidates.count, tbmj_m2: r.candidates.tbmjM2, by_source: r.candidates.bySource },
    farmland: {
      count: r.clusters.farmlandParcels, clusters: r.clusters.clusters, qualifying_clusters: r.clusters.qualifyingClusters,
      qualifying_parcels: r.clusters.qualifyingParcels, qualifying_tbmj_m2: r.clusters.qualifyingTbmjM2,
    },
    classes: Object.fromEntries(CONTIG_CLASSES.map((c) => [c, cls(r.classes[c])])),
    total_pieces: r.pieces.length,
    total_kept_m2: r.ledger.keptM2,
    townships: Object.fromEntries(Object.entries(r.townships).sort().map(([k, v]) => [k, Object.fromEntries(CONTIG_CLASSES.map((c) => [c, cls(v[c])]))])),
    ledger: {
      candidate_m2: r.ledger.candidateM2, kept_m2: r.ledger.keptM2, removed_m2: r.ledger.removedM2, dropped_m2: r.ledger.droppedM2,
      dropped_pieces: r.ledger.droppedPieces, sliver_pieces: r.ledger.sliverPieces, union_m2: r.ledger.unionM2,
      conservation_residual_m2: residual, conservation_rel: r.ledger.candidateM2 ? Math.abs(residual) / r.ledger.candidateM2 : 0,
      layers: Object.fromEntries(r.ledger.layers.map((l) => [l.name, {
        features: l.features, deduction_m2: l.deductionM2, candidates_hit: l.candidatesHit, excluded: l.excluded, excluded_m2: l.excludedM2,
      }])),
    },
    crs: crs.epsg != null ? String(crs.epsg) : crs.proj4,
    constraint_layers: layerNames,
    notes: r.notes,
    times: r.times,
  };
}

/** Writes every output file into `dir` (replacing an earlier run's folder only when all are written). */
export async function writeScreenOutputs(
  dir: string,
  r: ScreenResult,
  crs: Crs,
  opts: { layerNames: string[]; townshipName?: (code: string) => string | null; wgs84?: boolean },
): Promise<void> {
  const name = opts.townshipName ?? (() => null);
  const rows = r.pieces.map((p) => ({
    BSM: p.bsm, part: p.part, class: p.cls, class_label: CLASS_LABELS[p.cls], duty: DUTY_LABELS[p.cls],
    area_m2: round(p.areaM2, 2), area_mu: round(mu(p.areaM2), 4), township: p.township, township_name: p.township ? name(p.township) : null,
    county: p.county, village: p.village, dlbm: p.dlbm, zzsxdm: p.zzsxdm, source: p.source, cluster: p.cluster,
    adjacent_grade: p.adjacentGrade == null ? null : round(p.adjacentGrade, 2),
  }));
  const fields: FieldDef[] = PIECE_COLUMNS.map((c) => ({ name: c.key, type: "C", length: 254, decimals: 0 }));
  const columns: Record<string, Cell[]> = Object.fromEntries(PIECE_COLUMNS.map((c) => [c.key, rows.map((x) => (x as Record<string, Cell>)[c.key])]));
  const geometry = polygonColumnFromRings(r.pieces.map((p) => p.rings));

  const ledgerRows = [
    ...r.ledger.layers.map((l) => ({
      layer: l.name, features: l.features, deduction_m2: round(l.deductionM2, 2), deduction_mu: round(mu(l.deductionM2), 4),
      candidates_hit: l.candidatesHit, excluded: l.excluded, excluded_m2: round(l.excludedM2, 2),
    })),
    { layer: "合计（并集，每处只计一次）", features: null, deduction_m2: round(r.ledger.unionM2, 2), deduction_mu: round(mu(r.ledger.unionM2), 4), candidates_hit: null, excluded: null, excluded_m2: null },
  ];
  const ledgerCols = [
    { key: "layer", header: "约束图层" }, { key: "features", header: "要素数（个）" }, { key: "deduction_m2", header: "扣除面积（平方米）" },
    { key: "deduction_mu", header: "扣除面积（亩）" }, { key: "candidates_hit", header: "涉及候选图斑（个）" },
    { key: "excluded", header: "整块排除图斑（个）" }, { key: "excluded_m2", header: "整块排除面积（平方米）" },
  ];
  const balance = [
    { item: "候选图斑面积", m2: r.ledger.candidateM2 }, { item: "保留（潜力图斑）", m2: r.ledger.keptM2 },
    { item: "扣除（落入约束图层）", m2: r.ledger.removedM2 }, { item: `舍去（不足 ${r.params.minPieceM2} 平方米的碎块）`, m2: r.ledger.droppedM2 },
  ].map((b) => ({ ...b, m2: round(b.m2, 2), mu: round(mu(b.m2), 4) }));

  const townRows = Object.entries(r.townships).sort().map(([code, v]) => {
    const row: Record<string, Cell> = { township: code, township_name: name(code) };
    let a = 0, n = 0;
    for (const c of CONTIG_CLASSES) {
      row[`${c}_count`] = v[c].count;
      row[`${c}_mu`] = round(mu(v[c].areaM2), 4);
      a += v[c].areaM2;
      n += v[c].count;
    }
    row.total_count = n;
    row.total_mu = round(mu(a), 4);
    return row;
  });
  const townCols = [
    { key: "township", header: "乡镇代码" }, { key: "township_name", header: "乡镇名称" },
    ...CONTIG_CLASSES.flatMap((c) => [{ key: `${c}_count`, header: `${CLASS_LABELS[c]}（个）` }, { key: `${c}_mu`, header: `${CLASS_LABELS[c]}（亩）` }]),
    { key: "total_count", header: "合计（个）" }, { key: "total_mu", header: "合计（亩）" },
  ];
  const paramRows = [
    { k: "扣除方式", v: MODE_LABELS[r.params.mode] }, { k: "聚类与毗邻距离（米）", v: r.params.gapM },
    { k: "集中连片阈值（亩）", v: r.params.thresholdMu }, { k: "最小图斑（平方米）", v: r.params.minPieceM2 },
    { k: "整块排除比例", v: r.params.excludeShare }, { k: "坐标系", v: crs.name },
    ...r.notes.map((n, i) => ({ k: `方法说明 ${i + 1}`, v: n })),
  ];
  const files: Record<string, string | ((p: string) => Promise<void>)> = {
    "pieces.csv": (p) => writeCsv(p, PIECE_COLUMNS.map((c) => ({ key: c.key, header: c.key })), rows),
    "pieces.geojson": encodeGeoJSON({ fields, columns, length: rows.length, geometry }, { crsName: crsUrn(crs) ?? undefined }),
    "deductions.csv": (p) => writeCsv(p, ledgerCols.map((c) => ({ key: c.key, header: c.key })), ledgerRows),
    "balance.csv": (p) => writeCsv(p, [{ key: "item", header: "item" }, { key: "m2", header: "area_m2" }, { key: "mu", header: "area_mu" }], balance),
    "summary_by_township.csv": (p) => writeCsv(p, townCols.map((c) => ({ key: c.key, header: c.key })), townRows),
    "summary.json": JSON.stringify(summaryJson(r, crs, opts.layerNames), null, 1) + "\n",
    "method.txt": r.notes.map((n, i) => `${i + 1}. ${n}`).join("\n") + "\n",
    "screening.xlsx": (p) => writeXlsx(p, [
      { name: "潜力图斑", columns: PIECE_COLUMNS, rows },
      { name: "乡镇汇总", columns: townCols, rows: townRows },
      { name: "扣除台账", columns: ledgerCols, rows: ledgerRows },
      { name: "面积平衡", columns: [{ key: "item", header: "项目" }, { key: "m2", header: "面积（平方米）" }, { key: "mu", header: "面积（亩）" }], rows: balance },
      { name: "参数与方法", columns: [{ key: "k", header: "项目" }, { key: "v", header: "内容" }], rows: paramRows },
    ]),
  };
  if (opts.wgs84 === true) {
    // Parcel-level geometry in WGS84 is restricted data (opt-in): the file says so in every feature.
    const wgsGeometry = reprojectColumn(geometry, crs, WGS84);
    const marked = { ...columns, 密级: rows.map(() => "内部资料，注意保密（WGS84 坐标导出）") };
    files["pieces_wgs84.geojson"] = encodeGeoJSON(
      { fields: [...fields, { name: "密级", type: "C", length: 60, decimals: 0 }], columns: marked, length: rows.length, geometry: wgsGeometry },
      { crsName: "urn:ogc:def:crs:OGC:1.3:CRS84" },
    );
  }
  await writeReportDir(dir, files);
}
