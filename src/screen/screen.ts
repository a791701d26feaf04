/**
 * The in-flow screening (进出平衡 转入潜力, DOMAIN.md §4.1–§4.3) as one pure-ish function over
 * the canonical parcel table and constraint layers already in its CRS: candidates →
 * deductions with the ledger → pieces → farmland clusters → classes → township summary.
 *
 * @example
 * ```ts
 * const { table } = await loadParcels(["DLTB.shp"]);
 * const layers = await readConstraintDir("constraints", table.crs!);
 * const result = await screenParcels(table, layers, screenParams());
 * ```
 */
// @ts-types="@types/d3-array"
import { group } from "d3-array";
import type { ParcelTable } from "../ingest/parcel_table.ts";
import { createOverlay, localOrigin } from "../geom/overlay.ts";
import type { ConstraintLayer } from "./layers.ts";
import { selectCandidates } from "./candidates.ts";
import { deduct, type KeptPiece } from "./deduct.ts";
import { adjacentGrade, classifyPiece, farmlandClusters } from "./classify.ts";
import { type ClassTotal, CONTIG_CLASSES, type ContigClass, type ScreenParams, type ScreenPiece, type ScreenResult } from "./types.ts";
import { progress as makeProgress, type Progress } from "../ui/progress.ts";
import { MODE_LABELS } from "./labels.ts";
import { SLIVER_M2 } from "./deduct.ts";

/** Options: progress on a terminal (default on). */
export interface ScreenOptions {
  progress?: boolean;
}

/** Runs the screening. The table must have geometry in a projected CRS. */
export async function screenParcels(
  t: ParcelTable,
  layers: ConstraintLayer[],
  p: ScreenParams,
  opts: ScreenOptions = {},
): Promise<ScreenResult> {
  if (!t.geometry || !t.crs) throw new Error("筛查需要带几何与坐标系的图斑数据（纯属性表不能筛查）");
  if (t.crs.kind !== "projected") throw new Error("筛查需在投影坐标系（米）下进行");
  const times: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    times[name] = (performance.now() - t0) / 1000;
    t0 = performance.now();
  };
  const cand = selectCandidates(t, p);
  lap("candidates");
  const prog: Progress = opts.progress === false
    ? { update() {}, done() {} }
    : makeProgress("潜力图斑筛查", { totalRows: cand.rows.length });

  const ov = await createOverlay({ origin: localOrigin(t.geometry) });
  let kept: KeptPiece[], ledger: ScreenResult["ledger"];
  try {
    const sets = layers.map((l, i) => {
      prog.update({ note: `合并约束图层 ${i + 1}/${layers.length}：${l.name}` });
      return ov.unionLayer(l.geometry);
    });
    lap("union");
    ({ kept, ledger } = deduct(t, cand.rows, layers, sets, ov, p, prog));
    lap("deduct");
  } finally {
    ov.dispose();
  }
  prog.update({ note: "耕地聚类" });
  const clusters = farmlandClusters(t, p);
  lap("cluster");

  const byRow = group(kept, (k) => k.row);
  const pieces: ScreenPiece[] = [];
  const zero = () => Object.fromEntries(CONTIG_CLASSES.map((c) => [c, { areaM2: 0, count: 0 }])) as Record<ContigClass, ClassTotal>;
  const classes = zero();
  const townships: ScreenResult["townships"] = {};
  for (const [row, list] of byRow) {
    // Part numbers: largest first, then by position, so they do not depend on the overlay's order.
    list.sort((a, b) => b.planarM2 - a.planarM2 || firstX(a) - firstX(b) || firstY(a) - firstY(b));
    list.forEach((k, i) => {
      const { cls, cluster } = classifyPiece(t, k, clusters, p);
      const town = t.text.township[row];
      pieces.push({
        bsm: t.text.BSM[row] ?? `第${t.num.source_row[row]}条`,
        part: i + 1,
        row,
        cls,
        areaM2: k.areaM2,
        planarM2: k.planarM2,
        dlbm: t.text.DLBM[row] ?? "",
        zzsxdm: t.text.ZZSXDM[row],
        source: cand.source[k.cand],
        county: t.text.county[row],
        township: town,
        village: t.text.village[row],
        adjacentGrade: adjacentGrade(t, k, clusters, p),
        cluster,
        rings: k.rings,
      });
      classes[cls].areaM2 += k.areaM2;
      classes[cls].count++;
      const key = town ?? "（未知乡镇）";
      townships[key] ??= zero();
      townships[key][cls].areaM2 += k.areaM2;
      townships[key][cls].count++;
    });
  }
  pieces.sort((a, b) => (a.bsm < b.bsm ? -1 : a.bsm > b.bsm ? 1 : a.part - b.part));
  lap("classify");
  prog.done();

  let candidateTbmj = 0;
  for (const k of cand.rows) candidateTbmj += t.num.TBMJ[k];
  return {
    params: p,
    parcels: t.length,
    candidates: { count: cand.rows.length, tbmjM2: candidateTbmj, bySource: cand.bySource },
    clusters: clusters.summary,
    pieces,
    ledger,
    classes,
    townships,
    notes: methodNotes(p, layers, cand.excludedZhanbu),
    times,
  };
}

function firstX(k: KeptPiece): number {
  return k.rings[0][0][0][0];
}
function firstY(k: KeptPiece): number {
  return k.rings[0][0][0][1];
}

/** The readings this run used, for the output's method notes (Chinese). */
function methodNotes(p: ScreenParams, layers: ConstraintLayer[], excludedZhanbu: number): string[] {
  const notes = [
    `候选图斑：园地（02）、林地（03）、草地（04，不含 0404 其他草地）、坑塘水面（1104），且种植属性为 JKHF（即可恢复）或 GCHF（工程恢复）；带 K/A 后缀的地类按前四位计。${
      p.includeWetland ? "本次包含湿地地类 0303、0304、0306、0402。" : "湿地地类 0303 红树林地、0304 森林沼泽、0306 灌丛沼泽、0402 沼泽草地不作候选（避免毁湿种地）。"
    }`,
    `扣除方式：${MODE_LABELS[p.mode]}。${
      p.mode === "erase"
        ? `剩余部分每个连通块为一个潜力图斑（仅一点相接的两部分算两块）；报告面积 = 图斑面积 TBMJ × 该块平面面积 / 原图斑平面面积；报告面积小于 ${p.minPieceM2} 平方米的块舍去（恰为 ${p.minPieceM2} 平方米保留）；小于 ${SLIVER_M2} 平方米的碎屑计入舍去面积、不计块数。`
        : `与全部约束图层并集重叠的平面面积占比超过 ${p.excludeShare} 时整块扣除，记入重叠最大的图层；不适用 ${p.minPieceM2} 平方米规则。`
    }`,
    `扣除台账：每个图层先合并自身要素；同一块地落在多个图层内时，在每个图层各计一次；“合计（并集）”只计一次。图层共 ${layers.length} 个：${layers.map((l) => l.name).join("、")}。`,
    `集中连片：耕地图斑（按调查原状，含撂荒与不稳定耕地）相接或间距不超过 ${p.gapM} 米即连为一片，按 TBMJ 合计不少于 ${p.thresholdMu} 亩（${(p.thresholdMu * 10000 / 15).toFixed(2)} 平方米）的为集中连片耕地。`,
    `分类顺序：与集中连片耕地距离不超过 ${p.gapM} 米（按扣除后的块计算）→ 集中连片潜力图斑I型；否则面积大于 ${p.thresholdMu} 亩 → II型；否则大于 15 亩（10000 平方米）→ 非集中连片I型；其余 → 非集中连片II型。`,
    "毗邻耕地等别：扣除后的块周边 gap 范围内耕地按图斑地类面积加权的平均等别（GDDB，1 为最好），供选择与质量比较参考；无等别时为“未评定”。",
  ];
  if (excludedZhanbu > 0) notes.push(`已计入占补平衡的 ${excludedZhanbu} 个图斑不计入进出平衡候选。`);
  return notes;
}
