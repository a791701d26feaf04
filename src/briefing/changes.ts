/**
 * 与上期相比: what changed since the previous briefing in the same output folder, read from its
 * manifest and its tables (tables.json): key figures that moved, 占补 flags added and cleared, and
 * counties whose status changed (balance, targets, abandonment, red lines).
 *
 * @example
 * ```ts
 * const c = changeTables(tables, previous);
 * c.note; // "上期简报：2026-12-06 生成，2024 年…" or "首次生成，无上期简报"
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import { briefingTable, type BRow, type BTable, col, num, round } from "./table.ts";

/** The previous briefing as read back from its folder. */
export interface PreviousBriefing {
  manifest: { finishedAt?: string; config?: { year?: number }; key?: string; status?: string };
  tables: BTable[];
}

const find = (ts: readonly BTable[], id: string) => ts.find((t) => t.id === id);
const plain = (rows: readonly BRow[]) => rows.filter((r) => !r._kind);

function statusOf(ts: readonly BTable[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const put = (name: Cell, k: string, v: string) => {
    const key = String(name);
    out.set(key, { ...(out.get(key) ?? {}), [k]: v });
  };
  for (const r of plain(find(ts, "t-outin")?.rows ?? [])) put(r.name, "进出平衡", r._bad ? "未完成" : "完成");
  for (const r of plain(find(ts, "t-targets")?.rows ?? [])) put(r.name, "三区三线目标", String(r.status ?? ""));
  for (const r of plain(find(ts, "t-aband")?.rows ?? [])) put(r.name, "撂荒警戒", String(r.flagged ?? ""));
  for (const r of find(ts, "t-redline")?.rows ?? []) put(r.name, "红线判定", String(r.status ?? ""));
  return out;
}

/** The comparison tables (empty on a first build) and one sentence about the previous briefing. */
export function changeTables(
  now: readonly BTable[],
  prev: PreviousBriefing | null,
): { tables: BTable[]; note: string } {
  if (!prev || !Array.isArray(prev.tables)) return { tables: [], note: "首次生成，输出目录中没有上期简报可比较。" };
  const note = `上期简报：年度 ${prev.manifest.config?.year ?? "不详"}，输入与配置指纹 ${
    (prev.manifest.key ?? "不详").slice(0, 12)
  }（生成时间见其 manifest.json）。以下只列出有变化的项目。`;
  const before = new Map(plain(find(prev.tables, "t-key")?.rows ?? []).map((r) => [String(r.item), r.now]));
  const moved: BRow[] = [];
  for (const r of plain(find(now, "t-key")?.rows ?? [])) {
    const b = before.get(String(r.item));
    if (b === undefined || b === r.now) continue;
    moved.push({
      item: r.item,
      unit: r.unit,
      before: b,
      now: r.now,
      change: typeof b === "number" && typeof r.now === "number" ? round(r.now - b, 2) : null,
    });
  }
  const flagKey = (r: BRow) => [r.name, r.year, r.flag, r.projects].join("｜");
  const oldFlags = new Map((find(prev.tables, "t-flags")?.rows ?? []).map((r) => [flagKey(r), r]));
  const newFlags = new Map((find(now, "t-flags")?.rows ?? []).map((r) => [flagKey(r), r]));
  const flags: BRow[] = [
    ...[...newFlags].filter(([k]) => !oldFlags.has(k)).map(([, r]) => ({ change: "新增", name: r.name, flag: r.flag, evidence: r.evidence })),
    ...[...oldFlags].filter(([k]) => !newFlags.has(k)).map(([, r]) => ({ change: "已消除", name: r.name, flag: r.flag, evidence: r.evidence })),
  ];
  const so = statusOf(prev.tables), sn = statusOf(now);
  const status: BRow[] = [];
  for (const [name, s] of sn) {
    for (const [k, val] of Object.entries(s)) {
      const was = so.get(name)?.[k];
      if (was !== undefined && was !== val) status.push({ name, aspect: k, before: was, now: val });
    }
  }
  return {
    note,
    tables: [
      briefingTable("t-chg-key", "要点指标的变化", "与上期-指标", [col("item", "指标"), col("unit", "单位"), num("before", "上期"), num("now", "本期"), num("change", "变化")], moved, moved.length ? undefined : "要点指标均未变化。"),
      briefingTable("t-chg-flags", "占补问题的新增与消除", "与上期-问题", [col("change", "变化"), col("name", "县（区）"), col("flag", "问题类型"), col("evidence", "证据")], flags, flags.length ? undefined : "问题清单未变化。"),
      briefingTable("t-chg-status", "状态改变的县", "与上期-状态", [col("name", "县（区）"), col("aspect", "方面"), col("before", "上期"), col("now", "本期")], status, status.length ? undefined : "各县状态未变化。"),
    ],
  };
}


