/**
 * Out-flow projects of a demo county (进出平衡 转出, DOMAIN.md §5): one row per project for
 * outflow_projects.xlsx with the fields the seed lists, the parcels of each year's projects
 * and exempt losses as GeoJSON features, and the change log as changes.csv.
 *
 * @module
 */
import type { Cell, FieldDef } from "../io/layer.ts";
import type { XlsxColumn } from "../io/xlsx_write.ts";
import { featureRings, type PolygonRings } from "../geom/types.ts";
import { landClassName } from "../units/landclass.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { Rng } from "./rng.ts";
import type { CountyStatic, YearState } from "./attributes.ts";
import { areasC } from "./records.ts";
import type { ChangeRecord, CountyHistory } from "./history.ts";
import { csvText } from "./admin.ts";

/** Columns of outflow_projects.xlsx. */
export const OUTFLOW_COLUMNS: readonly XlsxColumn[] = Object.freeze([
  "项目编号",
  "项目名称",
  "坐落单位代码",
  "坐落单位名称",
  "四至",
  "面积（平方米）",
  "项目类型",
  "规划用途",
  "投资（万元）",
  "开工日期",
  "完工日期",
  "承包户书面同意",
  "乡镇备案",
  "补充方式",
  "符合国土空间规划",
  "年度",
  "豁免类型",
  "地块数",
  "地块BSM",
  "备注",
].map((h) => ({ key: h, header: h })));

/** One year's out-flow parcels as a layer for GeoJSON. */
export interface OutflowGeo {
  fields: FieldDef[];
  columns: Record<string, Cell[]>;
  features: PolygonRings[][];
}

const GEO_FIELDS = ["项目编号", "BSM", "原地类编码", "现地类编码", "面积（平方米）", "豁免类型", "年度"];

/** DBF field definitions of the project layers' attributes. */
function geoFieldDefs(): FieldDef[] {
  return GEO_FIELDS.map((name): FieldDef =>
    name === "面积（平方米）"
      ? { name, type: "N", length: 15, decimals: 2 }
      : name === "年度"
      ? { name, type: "N", length: 4, decimals: 0 }
      : { name, type: "C", length: 40, decimals: 0 }
  );
}

function family(code: string): string {
  return code.startsWith("02") ? "02" : code.startsWith("03") ? "03" : code;
}

function projectType(rng: Rng, to: string): string {
  if (to.startsWith("02")) return "经营主体林果业";
  if (to.startsWith("03")) return rng.chance(0.6) ? "依法依规绿化造林" : "农田防护林";
  if (to === "1202") return rng.chance(0.6) ? "畜禽水产养殖设施" : "破坏耕作层的种植设施";
  if (to === "1006") return "农村道路";
  return "其他";
}

const EXEMPT_TYPE_NAME: Record<string, string> = {
  生态退耕: "国家安排的生态退耕",
  灾毁: "自然灾害损毁难以复耕",
  河湖水面自然扩大: "河湖水面自然扩大造成永久淹没",
};

function date(year: number, dayOfYear: number): string {
  const d = new Date(Date.UTC(year, 0, 1) + dayOfYear * 86400000);
  return d.toISOString().slice(0, 10);
}

/** 四至 of a parcel from its neighbours in the cell grid, named by their land class in `state`. */
export function bounds(st: CountyStatic, k: number, state: YearState): string {
  const g = st.grid;
  const [i0, j0, i1, j1] = [g.rect[k * 4], g.rect[k * 4 + 1], g.rect[k * 4 + 2], g.rect[k * 4 + 3]];
  const mi = (i0 + i1 - 1) >> 1, mj = (j0 + j1 - 1) >> 1;
  const at = (i: number, j: number): string => {
    if (i < 0 || j < 0 || i >= g.ncx || j >= g.ncy) return "县界";
    const o = g.cellOwner[j * g.ncx + i];
    return o < 0 ? "县界" : (landClassName(state.dlbm[o]) ?? state.dlbm[o]);
  };
  return `东至${at(i1, mj)}，南至${at(mi, j0 - 1)}，西至${at(i0 - 1, mj)}，北至${at(mi, j1)}`;
}

/** The out-flow project rows of all years and each year's GeoJSON layer. */
export function outflowProjects(
  st: CountyStatic,
  history: CountyHistory,
  years: readonly number[],
  rng: Rng,
): { rows: Record<string, Cell>[]; geo: Map<number, OutflowGeo> } {
  const rows: Record<string, Cell>[] = [];
  const geo = new Map<number, OutflowGeo>();
  const code = st.county.code;
  for (const year of years.slice(1)) {
    const prev = history.states.get(year - 1)!;
    const layer: OutflowGeo = {
      fields: [],
      columns: Object.fromEntries(GEO_FIELDS.map((f) => [f, [] as Cell[]])),
      features: [],
    };
    const sel = history.changes.filter((c) =>
      c.year === year && ((c.kind === "farmland_out" && c.project) || c.kind === "exempt")
    );
    const township = (c: ChangeRecord) => st.villages[st.village[c.parcel]].township;
    sel.sort((a, b) =>
      (a.kind === b.kind ? 0 : a.kind === "exempt" ? 1 : -1) || township(a) - township(b) ||
      family(a.to).localeCompare(family(b.to)) || a.detail.localeCompare(b.detail) || a.parcel - b.parcel
    );
    const groups: ChangeRecord[][] = [];
    for (const c of sel) {
      const last = groups[groups.length - 1];
      const same = last && last[0].kind === c.kind && township(last[0]) === township(c) &&
        family(last[0].to) === family(c.to) && last[0].detail === c.detail && last.length < rng.int(1, 4);
      if (same) last.push(c);
      else groups.push([c]);
    }
    groups.forEach((grp, gi) => {
      const id = `ZC${code}-${year}-${String(gi + 1).padStart(3, "0")}`;
      const first = grp[0].parcel;
      const v = st.villages[st.village[first]];
      const ts = st.county.townships[v.township];
      const exemptType = grp[0].kind === "exempt" ? grp[0].detail : null;
      let areaC = 0;
      for (const c of grp) {
        const a = areasC(st, c.parcel, c.from).tbdlmjC;
        areaC += a;
        layer.columns["项目编号"].push(id);
        layer.columns["BSM"].push(st.bsm[c.parcel]);
        layer.columns["原地类编码"].push(c.from);
        layer.columns["现地类编码"].push(c.to);
        layer.columns["面积（平方米）"].push(a / 100);
        layer.columns["豁免类型"].push(exemptType);
        layer.columns["年度"].push(year);
        layer.features.push(featureRings(st.grid.geometry, c.parcel));
      }
      const use = landClassName(grp[0].to) ?? grp[0].to;
      const type = exemptType ? EXEMPT_TYPE_NAME[exemptType] : projectType(rng, grp[0].to);
      const start = rng.int(30, 170);
      const mu = areaC / 100 / M2_PER_MU;
      rows.push({
        项目编号: id,
        项目名称: exemptType
          ? `${ts.name}${v.village.name}${exemptType}（示例）`
          : `${ts.name}${v.village.name}${use}${type === "农村道路" ? "建设" : ""}项目（示例）`,
        坐落单位代码: v.village.zldwdm,
        坐落单位名称: v.village.name,
        四至: bounds(st, first, prev),
        "面积（平方米）": areaC / 100,
        项目类型: type,
        规划用途: use,
        "投资（万元）": exemptType ? null : Math.round(mu * rng.range(0.2, 1.6) * 100) / 100,
        开工日期: exemptType ? null : date(year, start),
        完工日期: exemptType ? null : date(year, Math.min(350, start + rng.int(30, 180))),
        承包户书面同意: exemptType ? null : rng.chance(0.9) ? "是" : "否",
        乡镇备案: exemptType ? null : rng.chance(0.85) ? "是" : "否",
        补充方式: exemptType ? null : rng.chance(0.7) ? "自行补充" : "缴纳耕地开垦费",
        符合国土空间规划: rng.chance(0.92) ? "是" : "否",
        年度: year,
        豁免类型: exemptType,
        地块数: grp.length,
        地块BSM: grp.map((c) => st.bsm[c.parcel]).join(";"),
        备注: "示例数据",
      });
    });
    layer.fields = geoFieldDefs();
    geo.set(year, layer);
  }
  return { rows, geo };
}

/**
 * Projects planned for the year after the latest survey (the plan year of the county's annual
 * 进出平衡 plan, seed 004): a livestock facility, an aquaculture pond and an orchard, each on one
 * ordinary farmland parcel of the latest survey, listed by 地块BSM (no geometry yet).
 */
export function plannedProjects(
  st: CountyStatic,
  latest: YearState,
  planYear: number,
  rng: Rng,
): { rows: Record<string, Cell>[]; geo: OutflowGeo } {
  const geo: OutflowGeo = { fields: [], columns: Object.fromEntries(GEO_FIELDS.map((f) => [f, [] as Cell[]])), features: [] };
  const kinds = [
    { type: "畜禽养殖设施", use: "设施农用地" },
    { type: "水产养殖设施", use: "养殖坑塘" },
    { type: "经营主体林果业", use: "果园" },
  ];
  const farm: number[] = [];
  for (let k = 0; k < st.grid.count; k++) if (latest.dlbm[k].startsWith("01")) farm.push(k);
  const rows: Record<string, Cell>[] = [];
  kinds.forEach((kind, i) => {
    if (farm.length === 0) return;
    const k = farm.splice(rng.int(0, farm.length - 1), 1)[0];
    const v = st.villages[st.village[k]];
    const start = rng.int(60, 200);
    const id = `ZC${st.county.code}-${planYear}-${String(i + 1).padStart(3, "0")}`;
    const area = areasC(st, k, latest.dlbm[k]).tbdlmjC / 100;
    for (const [f, val] of [["项目编号", id], ["BSM", st.bsm[k]], ["原地类编码", latest.dlbm[k]], ["现地类编码", null], ["面积（平方米）", area], ["豁免类型", null], ["年度", planYear]] as const) {
      geo.columns[f].push(val);
    }
    geo.features.push(featureRings(st.grid.geometry, k));
    rows.push({
      项目编号: id,
      项目名称: `${v.village.name}${kind.type}项目（计划，示例）`,
      坐落单位代码: v.village.zldwdm,
      坐落单位名称: v.village.name,
      四至: bounds(st, k, latest),
      "面积（平方米）": area,
      项目类型: kind.type,
      规划用途: kind.use,
      "投资（万元）": Math.round(rng.range(5, 40) * 100) / 100,
      开工日期: date(planYear, start),
      完工日期: date(planYear, Math.min(350, start + rng.int(30, 120))),
      承包户书面同意: "是",
      乡镇备案: "是",
      补充方式: "自行补充",
      符合国土空间规划: "是",
      年度: planYear,
      豁免类型: null,
      地块数: 1,
      地块BSM: st.bsm[k],
      备注: "示例数据：计划项目",
    });
  });
  geo.fields = geoFieldDefs();
  return { rows, geo };
}

/** changes.csv: BSM, year, from, to, kind, from_zzsx, to_zzsx, detail, project (1/0). */
export function changesCsv(st: CountyStatic, history: CountyHistory): string {
  const rows = history.changes.map((c) => [
    st.bsm[c.parcel],
    c.year,
    c.from,
    c.to,
    c.kind,
    c.fromZzsx,
    c.toZzsx,
    c.detail || null,
    c.project ? 1 : 0,
  ]);
  return csvText(["BSM", "year", "from", "to", "kind", "from_zzsx", "to_zzsx", "detail", "project"], rows);
}
