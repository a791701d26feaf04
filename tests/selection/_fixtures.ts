/** Hand-made pool pieces and needs for the selection tests (county 900101 unless given). */
import type { OutflowNeed } from "../../src/outflow/types.ts";
import type { PoolPiece } from "../../src/selection/types.ts";
import { M2_PER_MU } from "../../src/units/area.ts";

/** A pool piece of `mu` 亩; defaults: 900101, 可以恢复, I_CONTIG, adjoins PBF, grade 5, paddy-capable, 2 万元/亩. */
export function piece(bsm: string, mu: number, o: Partial<PoolPiece> = {}): PoolPiece {
  const county = o.county ?? "900101";
  return {
    bsm,
    part: 1,
    county,
    city: county.slice(0, 4),
    province: county.slice(0, 2),
    township: `${county}001`,
    cls: "I_CONTIG",
    result: "可以恢复",
    areaM2: mu * M2_PER_MU,
    grade: 5,
    gradeSource: "adjacent",
    costPerMu: 2,
    paddyCapable: true,
    adjoinsPbf: true,
    ...o,
  };
}

/** A need of `mu` 亩 (paddy `paddyMu`, grade G) for a county in 2024. */
export function need(mu: number, o: Partial<OutflowNeed> & { paddyMu?: number } = {}): OutflowNeed {
  const county = o.county ?? "900101";
  const { paddyMu, ...rest } = o;
  return {
    county,
    city: county.slice(0, 4),
    province: county.slice(0, 2),
    year: 2024,
    areaM2: mu * M2_PER_MU,
    grade: null,
    paddyM2: (paddyMu ?? 0) * M2_PER_MU,
    ...rest,
  };
}
