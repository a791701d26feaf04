/**
 * Tables of text: numbered notes (序号 + text) and items with their text (项目 + text), as the
 * 说明, 方法与参数 and 输入问题 sheets write them.
 *
 * @example
 * ```ts
 * numberedTable("说明", "notes.csv", ["口径：……"]).columns.map((c) => c.header); // ["序号", "说明"]
 * ```
 * @module
 */
import type { Cell, Table } from "./columns.ts";

/**
 * One note per row, numbered from 1: columns 序号 and `header` (default 说明).
 *
 * @example
 * ```ts
 * const t = numberedTable("输入问题", null, ["缺少 XZQ.csv"], "内容");
 * t.rows[0]; // { n: 1, text: "缺少 XZQ.csv" }
 * ```
 */
export function numberedTable(
  name: string,
  csv: string | null,
  notes: readonly string[],
  header: string = "说明",
): Table<{ n: number; text: string }> {
  return {
    name,
    csv,
    rows: notes.map((text, i) => ({ n: i + 1, text })),
    columns: [
      { key: "n", header: "序号", value: (r) => r.n },
      { key: "text", header, value: (r) => r.text },
    ],
  };
}

/**
 * One item per row: columns 项目 and `header` (default 说明).
 *
 * @example
 * ```ts
 * itemTable("参数与方法", null, [["聚类与毗邻距离（米）", 50]], "内容").rows[0].text; // 50
 * ```
 */
export function itemTable(
  name: string,
  csv: string | null,
  items: readonly (readonly [string, Cell])[],
  header: string = "说明",
): Table<{ item: string; text: Cell }> {
  return {
    name,
    csv,
    rows: items.map(([item, text]) => ({ item, text })),
    columns: [
      { key: "item", header: "项目", value: (r) => r.item },
      { key: "text", header, value: (r) => r.text },
    ],
  };
}
