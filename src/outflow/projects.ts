/**
 * Reads the out-flow projects of a county (seed 004 §3(二)): attributes from an XLSX/CSV table
 * (项目编号, 项目类型, 开工日期, 承包户书面同意, 乡镇备案, 豁免类型 …) and geometry from GeoJSON (or
 * any vector layer) whose features carry 项目编号; features of one project form one multi-part
 * geometry, brought into the survey's CRS. Nothing is dropped silently: every unreadable cell,
 * unknown 豁免类型 or feature without a project is a problem naming file, row, field and value.
 *
 * @example
 * ```ts
 * const { projects, problems } = await readOutflowProjects(
 *   "900101/outflow_projects.xlsx", ["900101/outflow_projects_2021.geojson"], table.crs!);
 * ```
 * @module
 */
import { dictColumn, dictTable, enumCode, headerTable } from "../dictionary/tables.ts";
import { splitList } from "../units/lists.ts";
import { parseDateCell } from "../units/dates.ts";
// @ts-types="@types/d3-array"
import { rollup } from "d3-array";
import { type Cell, rowNumber, type VectorLayer } from "../io/layer.ts";
import { type Crs, parseCrs, reprojectColumn, sameCrs } from "../io/crs.ts";
import { featureRings, polygonColumnFromRings, type PolygonRings } from "../geom/types.ts";
import { readLayer } from "../ingest/read_layer.ts";
import type { OutflowProject } from "./types.ts";
import { exemptKindOf } from "./rules.ts";
import { enforceProblems } from "../ingest/policy.ts";
import type { Problem, ProblemCode } from "../ingest/report.ts";

/** Accepted headers of each project field (first match wins), from the data dictionary. */
export const PROJECT_HEADERS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  headerTable(dictTable("outflow_projects")),
);

function header(layer: VectorLayer, key: string): string | null {
  for (const h of PROJECT_HEADERS[key]) if (h in layer.columns) return h;
  return null;
}

const text = (v: Cell): string | null => (v == null ? null : String(v).trim() || null);

/** Date cells are read by the one date reader of `src/units/dates.ts` (re-exported here). */
export { parseDateCell };

/**
 * Reads a yes/no cell: 是/Y/1/true → true; 否/N/0/false → false; blank → null; else undefined.
 *
 * @example
 * ```ts
 * parseYesNo("是"); // true
 * ```
 */
export function parseYesNo(v: Cell): boolean | null | undefined {
  const code = enumCode(dictColumn("outflow_projects", "householdConsent"), v);
  return code === null || code === undefined ? code : code === "是";
}

/**
 * Projects from an attribute table and geometry layers already read (pure, for tests and
 * other readers). Geometry layers are reprojected into `crs` when they say their own CRS.
 */
export function projectsFromLayers(
  attr: VectorLayer,
  geoms: VectorLayer[],
  crs: Crs | null,
): { projects: OutflowProject[]; problems: string[] } {
  const problems: string[] = [];
  const hId = header(attr, "id");
  if (!hId) throw new Error(`项目表“${attr.source}”缺少“项目编号”列（现有列：${Object.keys(attr.columns).join("、")}）`);
  const col = (key: string, i: number): Cell => {
    const h = header(attr, key);
    return h ? attr.columns[h][i] : null;
  };
  const rowAt = (i: number) => `项目表“${attr.source}”第 ${rowNumber(attr, i)} 行`;
  // Cell errors are problems of the input policy: under the command line they stop the run;
  // `--allow KIND` leaves their rows out. Read as a library, a bad cell counts as blank.
  const issues: Problem[] = [];
  const issue = (code: ProblemCode, i: number, field: string | null, v: Cell, message: string, consequence: string) => {
    issues.push({ code, file: attr.source, row: rowNumber(attr, i), bsm: null, field, value: v == null ? null : String(v), message });
    problems.push(`${message}，${consequence}`);
  };
  const projects: OutflowProject[] = [];
  const rowOf = new Map<OutflowProject, number>();
  const byId = new Map<string, OutflowProject>();
  for (let i = 0; i < attr.length; i++) {
    const id = text(attr.columns[hId][i]);
    if (!id) {
      issue("missing_value", i, hId, null, `${rowAt(i)}：项目编号为空`, "该行未读入");
      continue;
    }
    if (byId.has(id)) {
      const first = byId.get(id)!;
      issue("duplicate_key", i, hId, id, `${rowAt(i)}：项目编号 ${id} 重复（首次见于 ${first.source}）`, "该行未读入");
      continue;
    }
    const at = (field: string, v: Cell) => `${rowAt(i)}（项目 ${id}）字段“${header(attr, field) ?? field}”的值“${v}”`;
    const yearCell = col("year", i);
    const year = Number(text(yearCell));
    if (!Number.isInteger(year) || year < 1990 || year > 2100) {
      issue("out_of_range", i, header(attr, "year") ?? "年度", yearCell, `${at("year", yearCell)}不是有效年度（1990–2100）`, "该项目未读入");
      continue;
    }
    const date = (key: string): string | null => {
      const v = col(key, i);
      const d = parseDateCell(v);
      if (d === undefined) {
        issue("not_a_date", i, header(attr, key), v, `${at(key, v)}不是日期（可写 2021-03-02、2021/3/2、2021年3月2日、20210302 或 Excel 日期）`, "按未填写处理");
        return null;
      }
      return d;
    };
    const yes = (key: string): boolean | null => {
      const v = col(key, i);
      const b = parseYesNo(v);
      if (b === undefined) {
        issue("invalid_value", i, header(attr, key), v, `${at(key, v)}应为“是”或“否”`, "按未填写处理");
        return null;
      }
      return b;
    };
    const num = (key: string): number | null => {
      const v = col(key, i);
      if (text(v) == null) return null;
      const x = Number(text(v));
      if (!Number.isFinite(x)) {
        issue("not_a_number", i, header(attr, key), v, `${at(key, v)}不是数字`, "按未填写处理");
        return null;
      }
      return x;
    };
    const exCell = col("exempt", i);
    let exempt = exemptKindOf(exCell);
    if (exempt === undefined) {
      issue("invalid_value", i, header(attr, "exempt"), exCell, `${at("exempt", exCell)}不是可豁免类型（生态退耕、灾毁、河湖水面自然扩大）`, "按一般项目处理");
      exempt = null;
    }
    const p: OutflowProject = {
      id,
      name: text(col("name", i)),
      year,
      type: text(col("type", i)),
      plannedUse: text(col("plannedUse", i)),
      zldwdm: text(col("zldwdm", i)),
      startDate: date("startDate"),
      endDate: date("endDate"),
      householdConsent: yes("householdConsent"),
      townshipFiled: yes("townshipFiled"),
      conformsToPlan: yes("conformsToPlan"),
      supplementMode: text(col("supplementMode", i)),
      investmentWan: num("investmentWan"),
      declaredM2: num("declaredM2"),
      exempt,
      parcelBsm: splitList(text(col("parcelBsm", i))),
      geometry: null,
      source: rowAt(i),
    };
    projects.push(p);
    rowOf.set(p, rowNumber(attr, i));
    byId.set(id, p);
  }
  const { leaves, notes } = enforceProblems(issues);
  if (notes.length) {
    problems.push(...notes);
    for (let k = projects.length - 1; k >= 0; k--) {
      if (leaves(attr.source, rowOf.get(projects[k])!)) byId.delete(projects.splice(k, 1)[0].id);
    }
  }

  const found: { id: string; rings: PolygonRings[] }[] = [];
  for (const g of geoms) {
    if (!g.geometry) {
      problems.push(`项目图层“${g.source}”没有几何，已跳过`);
      continue;
    }
    let geometry = g.geometry;
    const own = parseCrs(g.crsText);
    if (crs && own && !sameCrs(own, crs)) geometry = reprojectColumn(geometry, own, crs);
    const h = header(g, "id");
    if (!h) {
      problems.push(`项目图层“${g.source}”缺少“项目编号”属性，已跳过`);
      continue;
    }
    for (let k = 0; k < g.length; k++) {
      const id = text(g.columns[h][k]);
      const where = `项目图层“${g.source}”第 ${k + 1} 个要素`;
      if (!id || !byId.has(id)) {
        problems.push(`${where}的项目编号“${id ?? ""}”不在项目表中，该要素未使用`);
        continue;
      }
      const rings = featureRings(geometry, k);
      if (rings.length === 0) problems.push(`${where}（项目 ${id}）几何为空`);
      found.push({ id, rings });
    }
  }
  const parts = rollup(found, (v) => v.flatMap((f) => f.rings), (f) => f.id);
  for (const p of projects) {
    const r = parts.get(p.id);
    if (r && r.length) p.geometry = polygonColumnFromRings([r]);
    else if (p.parcelBsm.length) problems.push(`项目 ${p.id}（${p.source}）没有几何，按“地块BSM”整块匹配图斑`);
    else problems.push(`项目 ${p.id}（${p.source}）既无几何也无地块BSM，无法落到图斑上`);
  }
  return { projects, problems };
}

/** Reads the project table and the GeoJSON (or other vector) files of the projects. */
export async function readOutflowProjects(
  tablePath: string,
  geometryPaths: string[],
  crs: Crs | null,
): Promise<{ projects: OutflowProject[]; problems: string[] }> {
  const attr = await readLayer(tablePath);
  const geoms: VectorLayer[] = [];
  for (const p of geometryPaths) geoms.push(await readLayer(p));
  return projectsFromLayers(attr, geoms, crs);
}
