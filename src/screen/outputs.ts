/**
 * Writes a screening result as files: pieces (CSV, GeoJSON in the parcels' CRS and a marked
 * WGS84 copy), the deduction ledger, the township × class summary, summary.json (the shape of
 * the independent sample answer), an XLSX workbook with Chinese headers (from the shared
 * builders of `src/table/`; the CSVs head their columns with the keys), and the method notes.
 * The folder is written atomically.
 *
 * @example
 * ```ts
 * await writeScreenOutputs("reports/screen", result, crs, { layerNames: ["永久基本农田"] });
 * ```
 * @module
 */
import type { Crs } from "../io/crs.ts";
import { crsUrn, reprojectColumn, WGS84 } from "../io/crs.ts";
import { polygonColumnFromRings } from "../geom/types.ts";
import { encodeGeoJSON } from "../io/geojson.ts";
import type { Cell, FieldDef } from "../io/layer.ts";
import { writeReportDir } from "../io/report_dir.ts";
import {
  areaM2,
  areaMu,
  areaPair,
  cells,
  codeColumn,
  type Column,
  column,
  countColumn,
  itemTable,
  nameColumn,
  numColumn,
  partColumn,
  type Table,
  tableFiles,
} from "../table/mod.ts";
import { M2_PER_MU } from "../units/area.ts";
import { CLASS_LABELS, DUTY_LABELS, MODE_LABELS } from "./labels.ts";
import { CONTIG_CLASSES, type ScreenResult } from "./types.ts";
import { thresholdM2 } from "./params.ts";

const mu = (m2: number) => m2 / M2_PER_MU;
type Piece = ScreenResult["pieces"][number];
type Namer = (code: string) => string | null;

/**
 * Columns of pieces.csv and the GeoJSON properties (by key), with their Chinese headers for XLSX.
 *
 * @example
 * ```ts
 * pieceColumns(() => null).map((c) => c.key).slice(0, 3); // ["BSM", "part", "class"]
 * ```
 */
export function pieceColumns(name: Namer): Column<Piece>[] {
  return [
    column("BSM", "标识码", (p) => p.bsm),
    partColumn((p) => p.part),
    column("class", "类别代码", (p) => p.cls),
    column("class_label", "潜力图斑类别", (p) => CLASS_LABELS[p.cls]),
    column("duty", "核实要求", (p) => DUTY_LABELS[p.cls]),
    ...areaPair<Piece>("area", "面积", (p) => p.areaM2),
    codeColumn("township", "township", (p) => p.township),
    nameColumn("township", "township_name", (p) => (p.township ? name(p.township) : null)),
    codeColumn("county", "county", (p) => p.county),
    codeColumn("village", "village", (p) => p.village),
    column("dlbm", "地类编码", (p) => p.dlbm),
    column("zzsxdm", "种植属性", (p) => p.zzsxdm),
    column("source", "候选来源", (p) => p.source),
    column("cluster", "毗邻集中连片编号", (p) => p.cluster),
    numColumn("adjacent_grade", "毗邻耕地平均等别", (p) => p.adjacentGrade, 2),
  ];
}

/** One line of the deduction ledger: a constraint layer, or the union of all. */
interface LedgerRow {
  layer: string;
  features: number | null;
  deductionM2: number;
  candidatesHit: number | null;
  excluded: number | null;
  excludedM2: number | null;
}

/** A township's pieces by class. */
type TownRow = { township: string; v: ScreenResult["townships"][string] };

/** The summary in the shape of the sample's expected.json (snake_case, m² and 亩). */
export function summaryJson(r: ScreenResult, crs: Crs, layerNames: string[]): Record<string, unknown> {
  const cls = (t: { areaM2: number; count: number }) => ({
    area_m2: t.areaM2,
    area_mu: mu(t.areaM2),
    count: t.count,
  });
  const residual = r.ledger.candidateM2 - r.ledger.keptM2 - r.ledger.removedM2 - r.ledger.droppedM2;
  return {
    params: {
      gap_m: r.params.gapM,
      threshold_mu: r.params.thresholdMu,
      threshold_m2: thresholdM2(r.params),
      scatter_m2: 10000,
      min_piece_m2: r.params.minPieceM2,
      mode: r.params.mode,
      exclude_share: r.params.excludeShare,
      include_wetland: r.params.includeWetland,
    },
    parcels: r.parcels,
    candidates: { count: r.candidates.count, tbmj_m2: r.candidates.tbmjM2, by_source: r.candidates.bySource },
    farmland: {
      count: r.clusters.farmlandParcels,
      clusters: r.clusters.clusters,
      qualifying_clusters: r.clusters.qualifyingClusters,
      qualifying_parcels: r.clusters.qualifyingParcels,
      qualifying_tbmj_m2: r.clusters.qualifyingTbmjM2,
    },
    classes: Object.fromEntries(CONTIG_CLASSES.map((c) => [c, cls(r.classes[c])])),
    total_pieces: r.pieces.length,
    total_kept_m2: r.ledger.keptM2,
    townships: Object.fromEntries(
      Object.entries(r.townships).sort().map((
        [k, v],
      ) => [k, Object.fromEntries(CONTIG_CLASSES.map((c) => [c, cls(v[c])]))]),
    ),
    ledger: {
      candidate_m2: r.ledger.candidateM2,
      kept_m2: r.ledger.keptM2,
      removed_m2: r.ledger.removedM2,
      dropped_m2: r.ledger.droppedM2,
      dropped_pieces: r.ledger.droppedPieces,
      sliver_pieces: r.ledger.sliverPieces,
      union_m2: r.ledger.unionM2,
      conservation_residual_m2: residual,
      conservation_rel: r.ledger.candidateM2 ? Math.abs(residual) / r.ledger.candidateM2 : 0,
      layers: Object.fromEntries(r.ledger.layers.map((l) => [l.name, {
        features: l.features,
        deduction_m2: l.deductionM2,
        candidates_hit: l.candidatesHit,
        excluded: l.excluded,
        excluded_m2: l.excludedM2,
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
  const pieces = cells({ name: "潜力图斑", csv: "pieces.csv", columns: pieceColumns(name), rows: r.pieces });
  const rows = pieces.rows;
  const fields: FieldDef[] = pieces.columns.map((c) => ({
    name: c.key,
    type: "C",
    length: 254,
    decimals: 0,
  }));
  const columns: Record<string, Cell[]> = Object.fromEntries(
    pieces.columns.map((c) => [c.key, rows.map((x) => x[c.key])]),
  );
  const geometry = polygonColumnFromRings(r.pieces.map((p) => p.rings));

  type L = LedgerRow;
  const ledger: Table<L> = {
    name: "扣除台账",
    csv: "deductions.csv",
    rows: [
      ...r.ledger.layers.map((l): L => ({
        layer: l.name,
        features: l.features,
        deductionM2: l.deductionM2,
        candidatesHit: l.candidatesHit,
        excluded: l.excluded,
        excludedM2: l.excludedM2,
      })),
      {
        layer: "合计（并集，每处只计一次）",
        features: null,
        deductionM2: r.ledger.unionM2,
        candidatesHit: null,
        excluded: null,
        excludedM2: null,
      },
    ],
    columns: [
      column("layer", "约束图层", (l) => l.layer),
      countColumn("features", "要素数", (l) => l.features),
      ...areaPair<L>("deduction", "扣除面积", (l) => l.deductionM2),
      countColumn("candidates_hit", "涉及候选图斑", (l) => l.candidatesHit),
      countColumn("excluded", "整块排除图斑", (l) => l.excluded),
      areaM2("excluded_m2", "整块排除面积", (l) => l.excludedM2),
    ],
  };
  type B = { item: string; m2: number };
  const balance: Table<B> = {
    name: "面积平衡",
    csv: "balance.csv",
    rows: [
      { item: "候选图斑面积", m2: r.ledger.candidateM2 },
      { item: "保留（潜力图斑）", m2: r.ledger.keptM2 },
      { item: "扣除（落入约束图层）", m2: r.ledger.removedM2 },
      { item: `舍去（不足 ${r.params.minPieceM2} 平方米的碎块）`, m2: r.ledger.droppedM2 },
    ],
    columns: [column("item", "项目", (b) => b.item), ...areaPair<B>("area", "面积", (b) => b.m2)],
  };
  const sum = (t: TownRow, f: (x: { count: number; areaM2: number }) => number) =>
    CONTIG_CLASSES.reduce((a, c) => a + f(t.v[c]), 0);
  const towns: Table<TownRow> = {
    name: "乡镇汇总",
    csv: "summary_by_township.csv",
    rows: Object.entries(r.townships).sort().map(([township, v]) => ({ township, v })),
    columns: [
      codeColumn("township", "township", (t) => t.township),
      nameColumn("township", "township_name", (t) => name(t.township)),
      ...CONTIG_CLASSES.flatMap((c) => [
        countColumn<TownRow>(`${c}_count`, CLASS_LABELS[c], (t) => t.v[c].count),
        areaMu<TownRow>(`${c}_mu`, CLASS_LABELS[c], (t) => t.v[c].areaM2, { digits: 4 }),
      ]),
      countColumn("total_count", "合计", (t) => sum(t, (x) => x.count)),
      areaMu("total_mu", "合计", (t) => sum(t, (x) => x.areaM2), { digits: 4 }),
    ],
  };
  const params = itemTable("参数与方法", null, [
    ["扣除方式", MODE_LABELS[r.params.mode]],
    ["聚类与毗邻距离（米）", r.params.gapM],
    ["集中连片阈值（亩）", r.params.thresholdMu],
    ["最小图斑（平方米）", r.params.minPieceM2],
    ["整块排除比例", r.params.excludeShare],
    ["坐标系", crs.name],
    ...r.notes.map((n, i): [string, string] => [`方法说明 ${i + 1}`, n]),
  ], "内容");
  const files: Record<string, string | Uint8Array | ((p: string) => Promise<void>)> = {
    ...tableFiles([pieces, towns, ledger, balance, params], { workbook: "screening.xlsx", csvHeader: "key", parquet: true }),
    "pieces.geojson": encodeGeoJSON({ fields, columns, length: rows.length, geometry }, {
      crsName: crsUrn(crs) ?? undefined,
    }),
    "summary.json": JSON.stringify(summaryJson(r, crs, opts.layerNames), null, 1) + "\n",
    "method.txt": r.notes.map((n, i) => `${i + 1}. ${n}`).join("\n") + "\n",
  };
  if (opts.wgs84 !== false) {
    // Parcel-level geometry in WGS84 is restricted data: the file says so in every feature.
    const marked = { ...columns, 密级: rows.map(() => "内部资料，注意保密（WGS84 坐标导出）") };
    files["pieces_wgs84.geojson"] = encodeGeoJSON(
      {
        fields: [...fields, { name: "密级", type: "C", length: 60, decimals: 0 }],
        columns: marked,
        length: rows.length,
        geometry: reprojectColumn(geometry, crs, WGS84),
      },
      { crsName: "urn:ogc:def:crs:OGC:1.3:CRS84" },
    );
  }
  await writeReportDir(dir, files);
}
