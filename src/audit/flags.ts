/**
 * The named checks of 占补平衡 (DOMAIN.md §1, seed 000 §2), each a pure function of one
 * project's figures and the configuration, returning findings with their evidence: which
 * records, which BSMs, the numbers and the threshold.
 *
 * Occupation checks (占多补少, 占优补劣, 占水田补旱地, 占整补零, 占而不补, 永久基本农田或高标准农田成片占用)
 * on a national key project's occupation are marked `exempt`: listed apart, never violations.
 * Supplement checks (生态不稳定, 撂荒闲置, 数据失真, 毁湿种地/毁林开荒, 劣地坡地生地) judge land actually
 * supplemented and are never exempt.
 *
 * @example
 * ```ts
 * const flags = occupationFlags(balance, cfg.regionTypes.grain, cfg);
 * flags[0].code; // "occupy_more_supplement_less"
 * ```
 * @module
 */
import { M2_PER_MU } from "../units/area.ts";
import type { AuditConfig, RegionRules } from "./config.ts";
import type { AuditFlag, FlagCode, OccupationBalance, SupplementFacts } from "./types.ts";
import { gradeText, muText, pctText, SUB_LABELS } from "./labels.ts";

const r2 = (x: number) => Math.round(x * 100) / 100;

function occFlag(
  o: OccupationBalance,
  code: FlagCode,
  sub: string | null,
  bsms: string[],
  measures: AuditFlag["measures"],
  evidence: string,
): AuditFlag {
  return {
    code,
    sub,
    county: o.county,
    year: o.year,
    occupationIds: [o.id],
    supplementIds: [...o.supIds],
    bsms,
    measures,
    evidence: `${o.id}（${o.name}）：${evidence}`,
    exempt: o.keyProject,
  };
}

/**
 * Occupation-level checks of one occupation. Sets `o.retreatAllowedM2` when the region type
 * allows retiring marginal farmland and the shortfall is within the marginal area occupied.
 */
export function occupationFlags(o: OccupationBalance, rules: RegionRules, cfg: AuditConfig): AuditFlag[] {
  const a = cfg.audit, eps = a.areaEpsilonM2;
  const out: AuditFlag[] = [];
  if (o.supIds.length === 0) {
    if (o.occAreaM2 > eps) {
      out.push(
        occFlag(
          o,
          "occupied_not_supplemented",
          null,
          o.occBsms,
          { occ_m2: r2(o.occAreaM2) },
          `占用耕地 ${muText(o.occAreaM2)}（${r2(o.occAreaM2)} 平方米），没有任何关联的补充耕地项目`,
        ),
      );
    }
  } else {
    const need = o.occAreaM2 * (1 - a.quantityToleranceShare);
    const short = o.occAreaM2 - o.supAreaM2;
    if (o.supAreaM2 < need - eps) {
      if (rules.allowMarginalRetreat && short <= o.occMarginalM2 + eps) {
        o.retreatAllowedM2 = short;
      } else {
        out.push(occFlag(
          o,
          "occupy_more_supplement_less",
          null,
          [...o.occBsms, ...o.supBsms],
          {
            occ_m2: r2(o.occAreaM2),
            sup_m2: r2(o.supAreaM2),
            short_m2: r2(short),
            short_share: r2(short / o.occAreaM2 * 100) / 100,
            marginal_m2: r2(o.occMarginalM2),
          },
          `占用 ${muText(o.occAreaM2)}，补充 ${muText(o.supAreaM2)}（${o.supIds.join("、")}），少补 ${
            muText(short)
          }（${pctText(short / o.occAreaM2)}）` +
            (rules.allowMarginalRetreat ? `，超出可退出的边际耕地 ${muText(o.occMarginalM2)}` : "") +
            `；阈值：补充 < 占用 × (1 − ${a.quantityToleranceShare})`,
        ));
      }
    }
    if (o.occGrade !== null && o.supGrade !== null && o.supGrade - o.occGrade > a.gradeTolerance) {
      out.push(occFlag(
        o,
        "occupy_better_supplement_worse",
        null,
        [...o.occBsms, ...o.supBsms],
        {
          occ_grade: r2(o.occGrade),
          sup_grade: r2(o.supGrade),
          diff: r2(o.supGrade - o.occGrade),
          occ_capacity_kg: o.occCapacityKg === null ? null : Math.round(o.occCapacityKg),
          sup_capacity_kg: o.supCapacityKg === null ? null : Math.round(o.supCapacityKg),
        },
        `占用耕地平均等别 ${gradeText(o.occGrade)}，补充耕地 ${gradeText(o.supGrade)}，低 ${
          (o.supGrade - o.occGrade).toFixed(2)
        } 等` +
          (o.occCapacityKg !== null && o.supCapacityKg !== null
            ? `；产能 占用 ${Math.round(o.occCapacityKg)} kg、补充 ${Math.round(o.supCapacityKg)} kg`
            : "") +
          `；阈值：相差超过 ${a.gradeTolerance} 等`,
      ));
    }
    if (o.occPaddyM2 > eps && o.supPaddyM2 < o.occPaddyM2 * (1 - a.paddyToleranceShare) - eps) {
      out.push(occFlag(
        o,
        "paddy_to_dry",
        null,
        [...o.occPaddyBsms, ...o.supBsms],
        {
          occ_paddy_m2: r2(o.occPaddyM2),
          sup_paddy_m2: r2(o.supPaddyM2),
          sup_m2: r2(o.supAreaM2),
        },
        `占用水田 ${muText(o.occPaddyM2)}（${o.occPaddyBsms.join("、") || "按记录"}），补充耕地中水田仅 ${
          muText(o.supPaddyM2)
        }，其余为水浇地或旱地；阈值：补充水田 < 占用水田 × (1 − ${a.paddyToleranceShare})`,
      ));
    }
    const fo = o.occPatchedM2 ? (o.occFragmentM2 ?? 0) / o.occPatchedM2 : null;
    const fs = o.supPatchedM2 ? (o.supFragmentM2 ?? 0) / o.supPatchedM2 : null;
    const f = a.fragmentation;
    if (fo !== null && fs !== null && fs >= f.supplementShareMin && fs - fo >= f.shareIncreaseMin) {
      out.push(occFlag(
        o,
        "whole_to_fragments",
        null,
        [...o.occBsms, ...o.supBsms],
        {
          occ_fragment_share: r2(fo * 100) / 100,
          sup_fragment_share: r2(fs * 100) / 100,
          patch_below_mu: f.patchBelowMu,
        },
        `不足 ${f.patchBelowMu} 亩的零散地块占补充面积 ${pctText(fs)}，占用耕地中仅 ${
          pctText(fo)
        }；阈值：补充零散比例 ≥ ${pctText(f.supplementShareMin)} 且高出占用 ${
          pctText(f.shareIncreaseMin)
        } 以上（相距 ≤ ${f.gapM} 米视为连片）`,
      ));
    }
  }
  const blockM2 = a.block.minMu * M2_PER_MU;
  for (
    const [sub, block, total] of [["pbf", o.occPbfBlockM2, o.occPbfM2], [
      "hsf",
      o.occHsfBlockM2,
      o.occHsfM2,
    ]] as const
  ) {
    if (block >= blockM2 - 1e-6) {
      out.push(
        occFlag(
          o,
          "pbf_hsf_block",
          sub,
          o.occBsms,
          { block_m2: r2(block), total_m2: r2(total), threshold_mu: a.block.minMu },
          `成片占用${SUB_LABELS[sub]} ${muText(block)}（共占用 ${muText(total)}，${
            o.occZoneSource === "layer" ? "按图层叠加" : "按项目记录"
          }）；阈值：连片 ≥ ${a.block.minMu} 亩`,
        ),
      );
    }
  }
  return out;
}

function supFlag(
  s: SupplementFacts,
  code: FlagCode,
  sub: string | null,
  bsms: string[],
  measures: AuditFlag["measures"],
  evidence: string,
): AuditFlag {
  return {
    code,
    sub,
    county: s.county,
    year: s.year,
    occupationIds: s.occupationId ? [s.occupationId] : [],
    supplementIds: [s.id],
    bsms,
    measures,
    evidence: `${s.id}（${s.name}）：${evidence}`,
    exempt: false,
  };
}

/** Lists "BSM（detail）" for evidence, at most `max` items. */
function items(p: { bsms: string[]; detail: string[] }, fmt: (d: string) => string, max = 12): string {
  const all = p.bsms.map((b, i) => (p.detail[i] ? `${b}（${fmt(p.detail[i])}）` : b));
  return all.length > max ? `${all.slice(0, max).join("、")} 等 ${all.length} 块` : all.join("、");
}

/** "0301|LQGD" → "原地类 0301，TBXHDM LQGD". */
function fgDetail(d: string): string {
  const [prior, tbxh] = d.split("|");
  return [prior ? `原地类 ${prior}` : "", tbxh ? `图斑细化 ${tbxh}` : ""].filter(Boolean).join("，");
}

/** Supplement-level checks of one supplement project (nothing for a record-only purchase). */
export function supplementFlags(s: SupplementFacts, cfg: AuditConfig): AuditFlag[] {
  const a = cfg.audit, eps = a.areaEpsilonM2;
  const out: AuditFlag[] = [];
  if (s.source === "record") return out;
  const p = s.parts;
  const eco: [string, string][] = [
    ["slope", `坡度级别 ≥ ${a.ecology.slopeGrade} 或位于坡度大于25度图层内`],
    ["flood", "位于河湖管理范围图层内或为河道/湖区耕地"],
    ["forest_grass", "前一年度调查为林地或草地（不含其他草地），或为林区/牧区耕地"],
  ];
  for (const [sub, why] of eco) {
    const part = p[sub];
    if (part && part.areaM2 >= a.ecology.minAreaM2) {
      out.push(
        supFlag(
          s,
          "eco_unstable",
          sub,
          part.bsms,
          { area_m2: r2(part.areaM2), sup_m2: r2(s.areaM2), threshold_m2: a.ecology.minAreaM2 },
          `${SUB_LABELS[sub]}的补充耕地 ${muText(part.areaM2)}（${why}）：${
            items(part, (d) => (sub === "forest_grass" ? fgDetail(d) : `${Number(d).toFixed(2)} 平方米`))
          }；阈值：≥ ${a.ecology.minAreaM2} 平方米`,
        ),
      );
    }
  }
  const ab = p.abandoned;
  if (ab && ab.areaM2 > eps) {
    out.push(
      supFlag(
        s,
        "supplement_abandoned",
        null,
        ab.bsms,
        { area_m2: r2(ab.areaM2), sup_m2: r2(s.areaM2) },
        `补充耕地 ${muText(ab.areaM2)} 在补充后的调查中撂荒（种植属性 ${
          a.abandonedZzsx.join("/")
        }）或不再是耕地：${items(ab, (d) => d.replaceAll(";", "；").replaceAll(":", "年 "))}`,
      ),
    );
  }
  const distort: [string, string][] = [
    ["not_found", "补充地块BSM在补充当年及以后的调查中都不存在"],
    ["not_farm", "补充当年的调查中不是耕地"],
    ["not_latest", "最新调查中不是耕地（或已无此图斑）"],
  ];
  for (const [sub, why] of distort) {
    const part = p[sub];
    if (part && part.bsms.length) {
      out.push(
        supFlag(
          s,
          "data_distorted",
          sub,
          part.bsms,
          { parcels: part.bsms.length, sup_m2: r2(s.areaM2) },
          `${part.bsms.length} 块补充地块${why}：${
            items(part, (d) => (d === "missing" ? "无此图斑" : d.replace(":", "年 地类 ")))
          }`,
        ),
      );
    }
  }
  for (const sub of ["wetland", "forest"]) {
    const part = p[sub];
    if (part && part.areaM2 > eps) {
      out.push(
        supFlag(
          s,
          "wetland_forest_destroyed",
          sub,
          part.bsms,
          { area_m2: r2(part.areaM2) },
          `${SUB_LABELS[sub]}：补充耕地 ${muText(part.areaM2)} 的前一年度地类为${
            sub === "wetland" ? "湿地" : "林地"
          }：${items(part, (d) => `原地类 ${d}`)}`,
        ),
      );
    }
  }
  const psr = p.poor_steep_raw?.areaM2 ?? 0;
  if (s.areaM2 > eps && psr / s.areaM2 >= a.poorSteepRaw.shareMin) {
    const subs = ["poor", "steep", "raw"].filter((k) => p[k]?.areaM2);
    const bsms = [...new Set(subs.flatMap((k) => p[k].bsms))].sort();
    const what = subs.map((k) =>
      `${SUB_LABELS[k]} ${muText(p[k].areaM2)}（${
        items(p[k], (d) => (k === "poor" ? `${d} 等` : k === "steep" ? `坡度级别 ${d}` : `原地类 ${d}`), 6)
      }）`
    );
    out.push(supFlag(
      s,
      "poor_steep_raw",
      subs.join("+"),
      bsms,
      {
        area_m2: r2(psr),
        share: r2(psr / s.areaM2 * 100) / 100,
        poor_m2: r2(p.poor?.areaM2 ?? 0),
        steep_m2: r2(p.steep?.areaM2 ?? 0),
        raw_m2: r2(p.raw?.areaM2 ?? 0),
      },
      `劣地、坡地或生地占补充面积 ${pctText(psr / s.areaM2)}：${what.join("；")}；阈值：≥ ${
        pctText(a.poorSteepRaw.shareMin)
      }（劣地：等别 ≥ ${a.poorSteepRaw.poorGradeMin}；坡地：坡度级别 ≥ ${a.poorSteepRaw.steepSlopeGradeMin}；生地：原地类 ${
        a.poorSteepRaw.rawPriorCodes.join("/")
      }）`,
    ));
  }
  return out;
}
