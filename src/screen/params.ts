/**
 * Parameters of the in-flow screening: the defaults of DOMAIN.md §4 and the regional
 * thresholds the seed quotes (004 §4.3), with checks that name the bad value.
 *
 * @example
 * ```ts
 * const p = screenParams({ thresholdMu: THRESHOLD_PRESETS["安徽"].mu });
 * ```
 */
import type { ScreenParams } from "./types.ts";
import { M2_PER_MU } from "../units/area.ts";

/** DOMAIN.md §4 defaults: gap 10 m, 50 亩, 400 m², erase mode, exclude share 0.5. */
export const DEFAULT_SCREEN_PARAMS: Readonly<ScreenParams> = Object.freeze({
  gapM: 10,
  thresholdMu: 50,
  minPieceM2: 400,
  mode: "erase",
  excludeShare: 0.5,
  includeWetland: false,
  extraSources: [],
  excludeBsm: [],
});

/**
 * 集中连片 thresholds quoted by the seed for some provinces (亩). Where the seed gives a range
 * the preset takes its lower end and says so; the user can pass any value with --threshold-mu.
 */
export const THRESHOLD_PRESETS: Readonly<Record<string, { mu: number; note: string }>> = Object.freeze({
  "默认": { mu: 50, note: "DOMAIN.md 默认值" },
  "安徽": { mu: 200, note: "种子文件：安徽 200 亩" },
  "重庆": { mu: 50, note: "种子文件：重庆 50/100 亩，取 50 亩（可改为 100）" },
  "重庆-100": { mu: 100, note: "种子文件：重庆 50/100 亩中的 100 亩" },
  "江苏": { mu: 100, note: "种子文件：江苏 100–300 亩，取下限 100 亩" },
  "上海": { mu: 100, note: "种子文件：上海 100–150 亩，取下限 100 亩" },
});

/** The 15 亩 line between 非集中连片 I型 and II型, exactly 10,000 m². */
export const SCATTER_LINE_M2 = 10_000;

/** Threshold in m²: `mu × 10000/15` exactly. */
export function thresholdM2(p: Pick<ScreenParams, "thresholdMu">): number {
  return p.thresholdMu * M2_PER_MU;
}

/** Defaults overridden by `over`; throws a Chinese error naming any bad value. */
export function screenParams(over: Partial<ScreenParams> = {}): ScreenParams {
  const p: ScreenParams = { ...DEFAULT_SCREEN_PARAMS, ...over } as ScreenParams;
  const bad = (name: string, v: unknown, want: string) => {
    throw new Error(`筛查参数 ${name} 取值无效：${v}（应为${want}）`);
  };
  if (!(p.gapM >= 0) || !Number.isFinite(p.gapM)) bad("gap", p.gapM, "非负数，单位米");
  if (!(p.thresholdMu > 0) || !Number.isFinite(p.thresholdMu)) bad("threshold-mu", p.thresholdMu, "正数，单位亩");
  if (!(p.minPieceM2 >= 0) || !Number.isFinite(p.minPieceM2)) bad("min-piece-m2", p.minPieceM2, "非负数，单位平方米");
  if (p.mode !== "erase" && p.mode !== "exclude") bad("mode", p.mode, " erase 或 exclude");
  if (!(p.excludeShare >= 0 && p.excludeShare <= 1)) bad("exclude-share", p.excludeShare, " 0–1 之间的比例");
  return p;
}
