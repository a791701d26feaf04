/**
 * Chinese wording of the selection stage, in one place: level names, grade sources, piece
 * descriptions and the method notes of the output.
 *
 * @example
 * ```ts
 * LEVEL_LABELS.city;               // "市域调剂"
 * describePiece(piece);            // "可以恢复，集中连片潜力图斑I型，毗邻永久基本农田，等别 4.2（毗邻耕地），2.40 万元/亩，12.30 亩，可作水田"
 * ```
 * @module
 */
import { CLASS_LABELS } from "../screen/labels.ts";
import type { CoverLevel, PoolPiece } from "./types.ts";
import { M2_PER_MU } from "../units/area.ts";

/** Names of the cover levels. */
export const LEVEL_LABELS: Readonly<Record<CoverLevel, string>> = Object.freeze({
  county: "本县平衡",
  city: "市域调剂",
  province: "省域调剂",
});

/** Names of the grade sources. */
export const GRADE_SOURCE_LABELS: Readonly<Record<NonNullable<PoolPiece["gradeSource"]>, string>> = Object
  .freeze({
    quality_layer: "年度耕地质量更新",
    adjacent: "毗邻耕地",
    field: "外业填报",
  });

/** Names of the grade status of a need. */
export const GRADE_STATUS_LABELS = Object.freeze({
  达到: "转入平均等别不劣于转出",
  未达到: "转入平均等别劣于转出",
  未评定: "转入图斑未评定等别，不作质量相当的结论",
  不适用: "转出等别未评定，不作质量比较",
});

/** Grade status of a need. */
export type GradeStatus = keyof typeof GRADE_STATUS_LABELS;

/** A number with fixed decimals. */
export function fixed(v: number, d = 2): string {
  return (Math.round(v * 10 ** d) / 10 ** d).toFixed(d);
}

/** m² as 亩 text with 2 decimals. */
export function muText(m2: number): string {
  return `${fixed(m2 / M2_PER_MU)} 亩`;
}

/** A piece's id as shown: "BSM#part". */
export function pieceId(p: { bsm: string; part: number }): string {
  return `${p.bsm}#${p.part}`;
}

/** A grade as text, with its source. */
export function gradeText(p: PoolPiece): string {
  return p.grade === null
    ? "等别未评定"
    : `等别 ${fixed(p.grade, 1)}（${GRADE_SOURCE_LABELS[p.gradeSource!]}）`;
}

/**
 * The facts of a piece the selection weighs, in the documented order.
 *
 * @example
 * ```ts
 * describePiece(p).startsWith("可以恢复"); // true for a 可以恢复 piece
 * ```
 */
export function describePiece(p: PoolPiece): string {
  return [
    p.result,
    CLASS_LABELS[p.cls],
    p.adjoinsPbf ? "毗邻永久基本农田" : "不毗邻永久基本农田",
    gradeText(p),
    `${fixed(p.costPerMu)} 万元/亩`,
    muText(p.areaM2),
    p.paddyCapable ? "可作水田" : "不宜作水田",
  ].join("，");
}

/** Method notes of the selection output (说明). */
export const METHOD_NOTES: readonly [string, string][] = Object.freeze([
  ["入选条件", "只选核实回传完整、评价为可以恢复或建议恢复的图斑部件（整块选用，不拆分）"],
  [
    "要求（按先后）",
    "① 面积不减少：选入面积 ≥ 转出面积（潜力不足时缺口最小）；② 质量不降低：选入图斑面积加权等别 ≤ 转出等别（等别 1 最好；未评定按最差 15 等计入，故结论对其真实等别均成立；本层图斑无论怎样选都达不到时，不为质量单独多恢复土地，差额“亩·等”列出并留待上一层级）；③ 水田：转出水田由可作水田（水源保障容易）的图斑补足，潜力不足时短缺最小并列出",
  ],
  ["规则", "建议恢复只在可以恢复的图斑用尽后才取用，且只取到满足需求为止"],
  [
    "成本最优",
    "满足上述要求的选法中取恢复成本（万元/亩 × 亩）最低者；若按规则顺序逐块选取也满足同样要求，则所选方案在集中连片各类累计占比、毗邻永久基本农田占比、平均等别、建议恢复面积上均不劣于规则顺序选取，且成本不高于它",
  ],
  [
    "规则顺序",
    "可以恢复 → 集中连片潜力图斑I型、II型、非集中连片I型、II型 → 毗邻永久基本农田 → 等别高 → 成本低 → BSM、部件号",
  ],
  ["并列", "成本相同（相差不超过 0.1 元）的图斑，取规则顺序在前者"],
  [
    "层级",
    "先本县；本县潜力不足的缺口（面积、质量、水田）再由同市其他县剩余图斑调剂，仍不足由省内其他市的县调剂；各层记录由谁补足多少、剩余多少",
  ],
  ["求解器", "HiGHS（混合整数规划，WebAssembly），相对间隙 1e-9"],
]) as readonly [string, string][];
