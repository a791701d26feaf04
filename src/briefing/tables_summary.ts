/**
 * The reviewer's first page: key figures with their unit and their change on the previous year
 * (要点), the list of what needs attention with a link to its evidence (需关注的问题), and the
 * targets table (三区三线 耕地保有量、永久基本农田保护目标).
 *
 * @example
 * ```ts
 * keyFiguresTable(view).rows.find((r) => r.item === "耕地面积")!.now; // 亩
 * ```
 * @module
 */
import { FLAG_LABELS } from "../audit/labels.ts";
import type { BriefingView } from "./view.ts";
import { briefingTable, type BRow, type BTable, col, mu, num, pct, round, withSubtotals } from "./table.ts";

const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);

/** 三区三线目标: farmland and PBF against each county's targets. */
export function targetsTable(v: BriefingView): BTable {
  const rows: BRow[] = v.counties.map((c) => {
    const t = v.facts.targets.find((x) => x.county === c.code);
    const fShort = t?.farmlandTargetM2 != null && t.farmlandM2 < t.farmlandTargetM2;
    const pShort = t?.pbfTargetM2 != null && t.pbfM2 != null && t.pbfM2 < t.pbfTargetM2;
    return {
      county: c.code,
      name: c.name,
      farmland_mu: mu(t?.farmlandM2 ?? null),
      farmland_target_mu: mu(t?.farmlandTargetM2 ?? null),
      farmland_gap_mu: t?.farmlandTargetM2 != null ? mu(t.farmlandM2 - t.farmlandTargetM2) : null,
      pbf_mu: mu(t?.pbfM2 ?? null),
      pbf_target_mu: mu(t?.pbfTargetM2 ?? null),
      pbf_gap_mu: t?.pbfTargetM2 != null && t.pbfM2 != null ? mu(t.pbfM2 - t.pbfTargetM2) : null,
      status: t?.farmlandTargetM2 == null ? "未配置目标" : fShort || pShort ? "低于目标" : "达到目标",
      _bad: fShort || pShort ? "是" : null,
      _id: `target-${c.code}`,
    };
  });
  return briefingTable(
    "t-targets",
    `耕地保有量与永久基本农田保护目标（${v.facts.year} 年）`,
    "三区三线目标",
    [
      col("name", "县（区）"),
      num("farmland_mu", "耕地（亩）"),
      num("farmland_target_mu", "耕地保有量目标（亩）"),
      num("farmland_gap_mu", "耕地−目标（亩）"),
      num("pbf_mu", "永久基本农田内耕地（亩）"),
      num("pbf_target_mu", "永久基本农田保护目标（亩）"),
      num("pbf_gap_mu", "永久基本农田−目标（亩）"),
      col("status", "状态"),
    ],
    withSubtotals(rows, v.counties, "name", {
      sum: ["farmland_mu", "farmland_target_mu", "farmland_gap_mu", "pbf_mu", "pbf_target_mu", "pbf_gap_mu"],
    }, v.regionName),
    "耕地为最新年度调查的耕地（TBDLMJ）；永久基本农田内耕地按图斑在永久基本农田图层内的面积比例折算。目标取数据目录 targets.csv。",
  );
}

/** A key figure: now, before and change, in one unit. */
function figure(item: string, unit: string, now: number | null, before: number | null, note = ""): BRow {
  return {
    item,
    unit,
    now,
    before,
    change: now !== null && before !== null ? round(now - before, 2) : null,
    note,
  };
}

/** 要点: the key figures of the region and year. */
export function keyFiguresTable(v: BriefingView): BTable {
  const f = v.facts, codes = new Set(v.counties.map((c) => c.code));
  const yearRows = (y: number | null) => f.farmland.filter((x) => x.year === y && codes.has(x.county));
  const farm = (y: number | null) => (y === null || !yearRows(y).length ? null : mu(sum(yearRows(y), (x) => x.farmlandM2)));
  const flagged = (y: number | null) => (y === null || !yearRows(y).length ? null : yearRows(y).filter((x) => x.flagged).length);
  const t = f.targets.filter((x) => codes.has(x.county));
  const pbf = t.some((x) => x.pbfM2 !== null) ? mu(sum(t, (x) => x.pbfM2 ?? 0)) : null;
  const short = t.filter((x) =>
    (x.farmlandTargetM2 != null && x.farmlandM2 < x.farmlandTargetM2) ||
    (x.pbfTargetM2 != null && x.pbfM2 != null && x.pbfM2 < x.pbfTargetM2)
  );
  const cover = f.cover.filter((c) => codes.has(c.county));
  const out = f.outflow.filter((o) => codes.has(o.county));
  const unbalanced = cover.filter((c) => c.uncoveredM2 > 0.005 || c.gradeStatus === "未达到");
  const flags = f.audit.flags.filter((x) => codes.has(x.county));
  const uns = f.trends.unstable.filter((u) => codes.has(u.county));
  const unsShare = sum(uns, (u) => u.farmlandM2) > 0 ? sum(uns, (u) => u.union * u.farmlandM2) / sum(uns, (u) => u.farmlandM2) : null;
  const prevOut = out.length && out.every((o) => o.previousBalanceM2 !== null) ? mu(sum(out, (o) => o.previousBalanceM2!)) : null;
  const pf = f.audit.previousFlags;
  const prevFlags = pf === null ? null : sum(Object.entries(pf).filter(([k]) => codes.has(k.split("|")[0])), ([, n]) => n);
  const prevFarm = (c: string) => f.farmland.find((x) => x.county === c && x.year === f.previousYear)?.farmlandM2 ?? 0;
  const prevUns = uns.length && uns.every((u) => u.previousUnion !== null) && sum(uns, (u) => prevFarm(u.county)) > 0
    ? sum(uns, (u) => u.previousUnion! * prevFarm(u.county)) / sum(uns, (u) => prevFarm(u.county))
    : null;
  const byType = new Map<string, number>();
  for (const x of flags) byType.set(FLAG_LABELS[x.code], (byType.get(FLAG_LABELS[x.code]) ?? 0) + 1);
  const rows: BRow[] = [
    figure("耕地面积", "亩", farm(f.year), farm(f.previousYear), "TBDLMJ，最新年度调查"),
    figure("永久基本农田内耕地", "亩", pbf, null),
    figure("低于三区三线目标的县", "个", t.some((x) => x.farmlandTargetM2 != null) ? short.length : null, null,
      short.map((x) => v.name(x.county)).join("、")),
    figure("本年度需进出平衡的转出", "亩", mu(sum(out, (o) => o.balanceM2)), prevOut),
    figure("其中本县平衡", "亩", mu(sum(cover, (c) => c.countyM2)), null),
    figure("其中市域调剂", "亩", mu(sum(cover, (c) => c.cityM2)), null),
    figure("其中省域调剂", "亩", mu(sum(cover, (c) => c.provinceM2)), null),
    figure("未覆盖", "亩", mu(sum(cover, (c) => c.uncoveredM2)), null),
    figure("进出平衡未完成的县", "个", unbalanced.length, null, unbalanced.map((c) => v.name(c.county)).join("、")),
    figure("豁免的转出（生态退耕、灾毁、河湖水面自然扩大）", "亩", mu(sum(out, (o) => o.exemptM2)), null),
    figure("永久基本农田整改恢复", "亩", mu(sum(out, (o) => o.restoreM2)), null),
    figure("占补平衡问题", "项", flags.length, prevFlags, [...byType].map(([k, n]) => `${k} ${n} 项`).join("；")),
    figure("撂荒率超过 20% 的县", "个", flagged(f.year), flagged(f.previousYear),
      yearRows(f.year).filter((x) => x.flagged).map((x) => v.name(x.county)).join("、")),
    figure("不稳定耕地占比（并集）", "%", pct(unsShare), pct(prevUns)),
  ];
  return briefingTable(
    "t-key",
    `要点：${v.regionName} ${f.year} 年`,
    "要点",
    [col("item", "指标"), col("unit", "单位"), num("now", `${f.year} 年`), num("before", f.previousYear ? `${f.previousYear} 年` : "上年"), num("change", "变化"), col("note", "说明")],
    rows,
    "上年一栏为空的指标只按本年度数据计算。",
  );
}

/** 需关注的问题: every flag, uncovered or quality-failing balance, county short of target, county over the line. */
export function issuesTable(v: BriefingView): BTable {
  const f = v.facts, codes = new Set(v.counties.map((c) => c.code));
  const rows: BRow[] = [];
  for (const c of f.cover.filter((c) => codes.has(c.county))) {
    if (c.uncoveredM2 > 0.005) {
      rows.push({ kind: "进出平衡未覆盖", name: v.name(c.county), what: `转出 ${mu(c.needM2)} 亩，仍有 ${mu(c.uncoveredM2)} 亩未找到可恢复的土地`, _href: `#out-${c.county}` });
    }
    if (c.gradeStatus === "未达到") {
      rows.push({ kind: "进出平衡质量未达到", name: v.name(c.county), what: `转出平均等别 ${round(c.gradeOut, 2)} 等，转入 ${round(c.gradeIn, 2)} 等（等别越小越好）`, _href: `#out-${c.county}` });
    }
  }
  for (const t of f.targets.filter((t) => codes.has(t.county))) {
    if (t.farmlandTargetM2 != null && t.farmlandM2 < t.farmlandTargetM2) {
      rows.push({ kind: "低于耕地保有量目标", name: v.name(t.county), what: `耕地 ${mu(t.farmlandM2)} 亩，目标 ${mu(t.farmlandTargetM2)} 亩，差 ${mu(t.farmlandTargetM2 - t.farmlandM2)} 亩`, _href: `#target-${t.county}` });
    }
    if (t.pbfTargetM2 != null && t.pbfM2 != null && t.pbfM2 < t.pbfTargetM2) {
      rows.push({ kind: "低于永久基本农田保护目标", name: v.name(t.county), what: `永久基本农田内耕地 ${mu(t.pbfM2)} 亩，目标 ${mu(t.pbfTargetM2)} 亩，差 ${mu(t.pbfTargetM2 - t.pbfM2)} 亩`, _href: `#target-${t.county}` });
    }
  }
  f.audit.flags.forEach((x, i) => {
    if (codes.has(x.county)) rows.push({ kind: `占补：${FLAG_LABELS[x.code]}`, name: v.name(x.county), what: x.evidence, _href: `#flag-${i + 1}` });
  });
  for (const x of f.farmland.filter((x) => x.year === f.year && x.flagged && codes.has(x.county))) {
    rows.push({ kind: "撂荒率超过 20%", name: v.name(x.county), what: `撂荒率 ${pct(x.rate)}%`, _href: `#aband-${x.county}` });
  }
  return briefingTable(
    "t-issues",
    "需关注的问题（每项一行，点击跳转到证据）",
    "需关注的问题",
    [col("kind", "类别"), col("name", "县（区）"), col("what", "情况")],
    rows.map((r, i) => ({ no: i + 1, ...r })),
    rows.length ? undefined : "本期未发现需关注的问题。",
  );
}


