/**
 * Chinese text of the audit in one place: check names, sub-reasons, red-line checks, statuses,
 * trade kinds. A wording fix is one edit here.
 *
 * @module
 */
import type { FlagCode } from "./types.ts";
import type { RedlineCheck } from "./config.ts";

/** Name of each check (DOMAIN.md §1, seed 000 §2). */
export const FLAG_LABELS: Readonly<Record<FlagCode, string>> = Object.freeze({
  occupy_more_supplement_less: "占多补少",
  occupy_better_supplement_worse: "占优补劣",
  paddy_to_dry: "占水田补旱地",
  whole_to_fragments: "占整补零",
  occupied_not_supplemented: "占而不补",
  eco_unstable: "生态不稳定补充",
  pbf_hsf_block: "永久基本农田或高标准农田成片占用",
  supplement_abandoned: "补充耕地撂荒闲置",
  data_distorted: "补充耕地数据失真",
  wetland_forest_destroyed: "毁湿种地/毁林开荒",
  poor_steep_raw: "劣地坡地生地补充",
});

/** Name of each sub-reason. */
export const SUB_LABELS: Readonly<Record<string, string>> = Object.freeze({
  slope: "坡度大于25度",
  flood: "河湖管理范围（洪水位控制线）内",
  forest_grass: "原为林地或草地",
  pbf: "永久基本农田",
  hsf: "高标准农田",
  wetland: "毁湿种地",
  forest: "毁林开荒",
  poor: "劣地",
  steep: "坡地",
  raw: "生地",
  not_found: "补充地块在调查中不存在",
  not_farm: "补充当年调查非耕地",
  not_latest: "最新调查非耕地",
});

/** Name of each red-line check. */
export const REDLINE_LABELS: Readonly<Record<RedlineCheck, string>> = Object.freeze({
  quantity: "数量不减",
  quality: "质量不降",
  capacity: "产能不减",
  paddy: "水田不减",
  layout: "布局稳定（不占整补零、不成片占用优质耕地）",
  ecology: "生态向好（无生态不稳定或毁湿毁林补充）",
  pbf_quantity: "永久基本农田数量不减",
  zero_loss: "耕地零减少、不退耕",
});

/** Status of a red-line check or verdict. */
export const STATUS_LABELS: Readonly<Record<"pass" | "fail" | "na", string>> = Object.freeze({
  pass: "达标",
  fail: "未达标",
  na: "无法判定",
});

/** Kinds of quota trade. */
export const TRADE_LABELS: Readonly<Record<"cross_province" | "cross_county", string>> = Object.freeze({
  cross_province: "跨省域补充耕地国家统筹",
  cross_county: "省内跨县补充耕地",
});

/** Where a project's figures came from. */
export const SOURCE_LABELS: Readonly<Record<"survey" | "record", string>> = Object.freeze({
  survey: "调查图斑（按BSM核对）",
  record: "项目记录表",
});

/** 亩 with two decimals, for evidence sentences. */
export function muText(m2: number): string {
  return `${(m2 / (10000 / 15)).toFixed(2)} 亩`;
}

/** A share as a percentage with one decimal. */
export function pctText(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A grade with two decimals, or 未评定. */
export function gradeText(g: number | null): string {
  return g === null ? "未评定" : `${g.toFixed(2)} 等`;
}
