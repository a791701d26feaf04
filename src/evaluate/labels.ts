/**
 * The Chinese words of the evaluation stage (核实评价, DOMAIN.md §4.3–§4.5) in one place:
 * grades, results, contiguity-class labels, verification duties and the return-problem kinds.
 * A wording fix is one edit here.
 *
 * @example
 * ```ts
 * CLASS_LABELS.I_CONTIG;  // "集中连片潜力图斑I型"
 * CLASS_DUTIES.II_SCATTER; // "自行确定"
 * ```
 * @module
 */
import type { ContigClass } from "../screen/types.ts";
import { CLASS_LABELS } from "../screen/labels.ts";

/** The three grades of one criterion, easiest first. */
export const GRADES = ["容易", "较难", "难以"] as const;
/** One of {@link GRADES}. */
export type Grade = typeof GRADES[number];

/** The overall results, best first. */
export const RESULTS = ["可以恢复", "建议恢复", "不建议恢复"] as const;
/** One of {@link RESULTS}. */
export type RestoreResult = typeof RESULTS[number];

/** The two states of a piece that has no grade. */
export const UNGRADED = ["回传不完整", "未回传"] as const;
/** A piece's state in the township summary: a result, or why it has none. */
export type PieceState = RestoreResult | typeof UNGRADED[number];
/** Every state, in report order. */
export const PIECE_STATES: readonly PieceState[] = Object.freeze([...RESULTS, ...UNGRADED]);

/** The note every default (non-seed) rule carries. */
export const DEFAULT_NOTE = "默认，非原文规定";

/** Class labels and duties are the screening stage's words (one place): re-exported here. */
export { CLASS_LABELS, DUTY_LABELS as CLASS_DUTIES } from "../screen/labels.ts";

/** Verification duty of a piece. */
export type Duty = "重点核实" | "全部核实" | "自行确定";

/** Duties in task-list order. */
export const DUTY_ORDER: readonly Duty[] = Object.freeze(["重点核实", "全部核实", "自行确定"] as Duty[]);

/**
 * The class of a label or code as found in files: "I_CONTIG" or its Chinese label (Roman Ⅰ/Ⅱ
 * and spaces tolerated). Null when it is neither.
 *
 * @example
 * ```ts
 * classFromText("集中连片潜力图斑Ⅱ型"); // "II_CONTIG"
 * classFromText("I_SCATTER");          // "I_SCATTER"
 * ```
 */
export function classFromText(text: string): ContigClass | null {
  const t = text.trim();
  if (t in CLASS_LABELS) return t as ContigClass;
  const norm = t.replace(/\s+/g, "").replaceAll("Ⅱ", "II").replaceAll("Ⅰ", "I").replaceAll("ＩＩ", "II");
  for (const [cls, label] of Object.entries(CLASS_LABELS)) if (label === norm) return cls as ContigClass;
  return null;
}

/** Kinds of problem a return row can have. */
export type ProblemCode =
  | "no_bsm"
  | "bsm_precision"
  | "unknown_bsm"
  | "bad_part"
  | "unknown_part"
  | "missing_value"
  | "not_number"
  | "out_of_range"
  | "not_in_table"
  | "photo_incomplete"
  | "photo_invalid"
  | "photo_far"
  | "few_photos"
  | "azimuth_not_distinct"
  | "conflict";

/** Chinese name of each problem kind (the 问题类型 column). */
export const PROBLEM_LABELS: Readonly<Record<ProblemCode, string>> = Object.freeze({
  no_bsm: "缺少标识码",
  bsm_precision: "标识码精度丢失",
  unknown_bsm: "标识码不在核实图斑中",
  bad_part: "部件号无效",
  unknown_part: "部件号不存在",
  missing_value: "指标未填写",
  not_number: "指标不是数字",
  out_of_range: "指标超出取值范围",
  not_in_table: "指标取值不在取值表中",
  photo_incomplete: "照片信息不全",
  photo_invalid: "照片信息无效",
  photo_far: "照片拍摄位置距图斑过远",
  few_photos: "合格照片不足",
  azimuth_not_distinct: "照片方位角不够分散",
  conflict: "重复回传且内容冲突",
});

/** Resolution of a piece that several rows describe. */
export type DuplicateResolution = "merged" | "superseded" | "part_override" | "conflict";

/** Chinese name of each duplicate resolution. */
export const DUPLICATE_LABELS: Readonly<Record<DuplicateResolution, string>> = Object.freeze({
  merged: "内容相同，已合并",
  superseded: "不完整的回传被唯一完整的回传取代",
  part_override: "有部件号的回传优先于无部件号的回传",
  conflict: "多条完整回传内容不同，未评价",
});
