/**
 * The field form (外业核实表) and task list (任务清单) of one township, as plain sheets (pure):
 * one row per piece with its class, duty and area, empty columns for every indicator of the
 * system and for 照片1–4, a 说明 sheet telling field staff how to fill it (and which indicator
 * system, id and version, will grade it), and a task list ordered by duty.
 *
 * @example
 * ```ts
 * const sheets = formSheets(rows, system, DEFAULT_PHOTO_RULES, "城关镇");
 * sheets.map((s) => s.name); // ["核实表", "说明"]
 * ```
 * @module
 */
import type { XlsxColumn, XlsxSheet } from "../io/xlsx_write.ts";
import type { Cell } from "../io/layer.ts";
import { M2_PER_MU } from "../units/area.ts";
import { CONTIG_CLASSES, type ContigClass } from "../screen/types.ts";
import { CLASS_DUTIES, CLASS_LABELS, DEFAULT_NOTE, type Duty, DUTY_ORDER } from "./labels.ts";
import type { Criterion, IndicatorSystem } from "./system.ts";
import { indicatorFields } from "./system.ts";
import { PHOTO_PARTS, type PhotoRules } from "./photos.ts";

/** One piece as the packages show it. */
export interface TaskRow {
  seq: number;
  bsm: string;
  part: number;
  cls: ContigClass;
  duty: Duty;
  areaM2: number;
  dlbm: string;
  dlmc: string | null;
  zzsxdm: string | null;
  township: string | null;
  townshipName: string | null;
  village: string | null;
  villageName: string | null;
  source: string;
  cluster: number;
}

/**
 * Area in 亩, 2 decimals.
 *
 * @example
 * ```ts
 * mu2(10000); // 15
 * ```
 */
export function mu2(m2: number): number {
  return Math.round((m2 / M2_PER_MU) * 100) / 100;
}

/**
 * The photo columns of the form (照片1–N × 方位角（度）, 经度, 纬度, 拍摄时间).
 *
 * @example
 * ```ts
 * photoColumns(1); // ["照片1方位角（度）", "照片1经度", "照片1纬度", "照片1拍摄时间"]
 * ```
 */
export function photoColumns(n: number): string[] {
  return Array.from({ length: n }, (_, i) => PHOTO_PARTS.map((p) => `照片${i + 1}${p}`)).flat();
}

/** The form's columns describing the piece (filled by the export; the field team leaves them). */
export const PIECE_COLUMNS: readonly XlsxColumn[] = [
  { key: "seq", header: "序号" },
  { key: "bsm", header: "BSM" },
  { key: "part", header: "部件号" },
  { key: "village", header: "村" },
  { key: "cls", header: "图斑类别" },
  { key: "duty", header: "核实要求" },
  { key: "mu", header: "面积（亩）" },
  { key: "dlbm", header: "地类编码" },
  { key: "dlmc", header: "地类名称" },
];

function pieceCells(r: TaskRow): Record<string, Cell> {
  return {
    seq: r.seq,
    bsm: r.bsm,
    part: r.part,
    village: r.villageName ?? r.village,
    cls: CLASS_LABELS[r.cls],
    duty: r.duty,
    mu: mu2(r.areaM2),
    dlbm: r.dlbm,
    dlmc: r.dlmc,
  };
}

/**
 * How a criterion is filled, for the 说明 sheet.
 *
 * @example
 * ```ts
 * criterionHelp(system.criteria[4]); // "在“群众意愿”填 愿意（容易）或 不愿意（难以）。…"
 * ```
 */
export function criterionHelp(c: Criterion): string {
  const end = (t: string) => (t === "" || /[。！？]$/.test(t) ? t : `${t}。`);
  const tail = end(c.description) + (c.isDefault ? `分级为${DEFAULT_NOTE}。` : "");
  const unit = c.unit ? ` ${c.unit}` : "";
  if (c.kind === "numeric") {
    const cls = c.classes.map((k) => `${k.interval.text}${unit} ${k.grade}`).join("，");
    const cond = c.condition
      ? `先在“${c.condition.field}”填 ${[...c.condition.yes, ...c.condition.no].join("/")}（${
        c.condition.no[0]
      } → ${c.condition.gradeIfNo}），再`
      : "";
    const lo = c.classes[0].interval;
    return `${cond}在“${c.field}”填数字（单位：${c.unit ?? "无"}），${
      lo.loClosed ? "不小于" : "大于"
    } ${lo.lo}。分级：${cls}。${tail}`;
  }
  if (c.kind === "boolean") {
    return `在“${c.field}”填 ${c.yes.join("/")}（${c.gradeIfYes}）或 ${
      c.no.join("/")
    }（${c.gradeIfNo}）。${tail}`;
  }
  const values = c.table.map((e) => `${e.value}（${e.grade}）`).join("、");
  return `在“${c.field}”填下列之一，括号内可注明品种（如“果树（柑橘）”）：${values}。${tail}`;
}

/**
 * The form workbook's sheets: 核实表 (first, so a return of the same file is read from it) and
 * 说明. `rows` are in task order.
 *
 * @example
 * ```ts
 * formSheets(rows, system, DEFAULT_PHOTO_RULES, "城关镇")[0].columns[1].header; // "BSM"
 * ```
 */
export function formSheets(
  rows: readonly TaskRow[],
  system: IndicatorSystem,
  rules: PhotoRules,
  place: string,
): XlsxSheet[] {
  const photoN = Math.max(4, rules.minPhotos);
  const fill = [...indicatorFields(system), ...photoColumns(photoN), "核查人员", "备注"];
  const columns: XlsxColumn[] = [...PIECE_COLUMNS, ...fill.map((f) => ({ key: `f:${f}`, header: f }))];
  const form: XlsxSheet = { name: "核实表", columns, rows: rows.map(pieceCells) };
  const help: [string, string][] = [
    ["乡镇", place],
    ["指标体系", `${system.name}（编号 ${system.id}，版本 ${system.version}）`],
    [
      "填写方式",
      "每行一个图斑部件，BSM、部件号及其左侧各列请勿修改；在右侧空白列逐项填写，不得留空。部件号留空的行视为适用于该 BSM 的全部部件。",
    ],
    ...system.criteria.map((
      c,
    ): [string, string] => [`${c.label}${c.group ? `（${c.group}）` : ""}`, criterionHelp(c)]),
    [
      "照片",
      `每个图斑至少 ${rules.minPhotos} 张照片，从不同角度拍摄（方位角两两相差不少于 ${rules.minAzimuthSeparationDeg}°），能反映地块全貌和种植利用情况；拍摄位置须在图斑上或距图斑不超过 ${rules.maxPhotoDistanceM} 米。`,
    ],
    ["照片N方位角（度）", "拍摄方向，正北为 0，顺时针 0–360 度（不含 360）。"],
    ["照片N经度、照片N纬度", "拍摄位置，CGCS2000（或 WGS84）经纬度，十进制度，如 113.9056956、31.0717116。"],
    ["照片N拍摄时间", "如 2024-07-11 13:02:46。"],
    ["评价规则", "各准则均为容易 → 可以恢复；任一准则为难以 → 不建议恢复；其余 → 建议恢复。"],
    [
      "回传不完整",
      "缺任一指标、照片不足或不合格的图斑列入“回传不完整”清单退回补正，不作评价；未回传的图斑单独列出（不缺不漏）。",
    ],
    [
      "底图",
      "同一文件夹中的“底图”Shapefile（图层坐标系同调查数据，DBF 为 GBK 编码）与 GeoJSON（CGCS2000 经纬度，EPSG:4490）。",
    ],
  ];
  const helpSheet: XlsxSheet = {
    name: "说明",
    columns: [{ key: "item", header: "项目" }, { key: "text", header: "说明" }],
    rows: help.map(([item, text]) => ({ item, text })),
  };
  return [form, helpSheet];
}

/**
 * The task list workbook's sheets: 任务清单 (every piece, in task order) and 汇总 (by class).
 *
 * @example
 * ```ts
 * taskListSheets(rows).map((s) => s.name); // ["任务清单", "汇总"]
 * ```
 */
export function taskListSheets(rows: readonly TaskRow[]): XlsxSheet[] {
  const list: XlsxSheet = {
    name: "任务清单",
    columns: [
      ...PIECE_COLUMNS,
      { key: "zzsxdm", header: "种植属性" },
      { key: "done", header: "核实完成（是/否）" },
      { key: "who", header: "核查人员" },
      { key: "date", header: "核查日期" },
    ],
    rows: rows.map((r) => ({ ...pieceCells(r), zzsxdm: r.zzsxdm })),
  };
  const summary: Record<string, Cell>[] = [];
  for (const cls of CONTIG_CLASSES) {
    const of = rows.filter((r) => r.cls === cls);
    summary.push({
      cls: CLASS_LABELS[cls],
      duty: CLASS_DUTIES[cls],
      n: of.length,
      mu: mu2(of.reduce((s, r) => s + r.areaM2, 0)),
    });
  }
  summary.push({ cls: "合计", duty: null, n: rows.length, mu: mu2(rows.reduce((s, r) => s + r.areaM2, 0)) });
  return [list, {
    name: "汇总",
    columns: [
      { key: "cls", header: "图斑类别" },
      { key: "duty", header: "核实要求" },
      { key: "n", header: "图斑部件数（个）" },
      { key: "mu", header: "面积（亩）" },
    ],
    rows: summary,
  }];
}

/**
 * Task order: duty (重点核实, 全部核实, 自行确定), then village, BSM, part.
 *
 * @example
 * ```ts
 * rows.sort(taskOrder); // 重点核实 first
 * ```
 */
export function taskOrder(a: TaskRow, b: TaskRow): number {
  const d = DUTY_ORDER.indexOf(a.duty) - DUTY_ORDER.indexOf(b.duty);
  if (d !== 0) return d;
  const va = a.village ?? "", vb = b.village ?? "";
  if (va !== vb) return va < vb ? -1 : 1;
  if (a.bsm !== b.bsm) return a.bsm < b.bsm ? -1 : 1;
  return a.part - b.part;
}
