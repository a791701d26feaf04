/**
 * Constraint layers of DOMAIN.md §4.2 for a demo county: one file per layer, Shapefile with
 * GBK attributes or GeoJSON, named as users name them (坡度大于25度, 生态保护红线, 自然保护地,
 * 河湖管理范围, 城镇开发边界, 已批已供已登记, 规划采矿区, 地质灾害易发区, 已建高标准农田,
 * 饮用水水源一级保护区, 重点建设项目). Polygons are irregular star-shaped blobs over parts of
 * the county, the river band, the highway corridor and the slope zones traced from the
 * terrain; some overlap each other, and 已批已供已登记 holds one polygon that exactly copies a
 * candidate parcel.
 *
 * @module
 */
import type { Cell, FieldDef } from "../io/layer.ts";
import { featureRings, type PolygonRings, type Position } from "../geom/types.ts";
import type { Rng } from "./rng.ts";
import type { CountyStatic, YearState } from "./attributes.ts";
import { isCandidate } from "./records.ts";
import { steepZones } from "./terrain.ts";
import { KIND_HIGHWAY } from "./grid.ts";
import { blob, countScale, type DemoLayer, featureArea, r3 } from "./zones.ts";

export type { DemoLayer } from "./zones.ts";
export { highStandardFarmland, permanentFarmlandLayer, selectPermanentFarmland } from "./zones.ts";

/** A random point of the county whose margin to the edge is at least `margin`. */
function inside(rng: Rng, st: CountyStatic, margin: number): [number, number] {
  const c = st.county;
  const m = Math.min(margin, c.width / 2 - 1, c.height / 2 - 1);
  return [rng.range(c.x0 + m, c.x0 + c.width - m), rng.range(c.y0 + m, c.y0 + c.height - m)];
}

/** Of `tries` random points, the one scoring highest. */
function best(
  rng: Rng,
  st: CountyStatic,
  margin: number,
  tries: number,
  score: (x: number, y: number) => number,
): [number, number] {
  let bp = inside(rng, st, margin), bs = score(bp[0], bp[1]);
  for (let i = 1; i < tries; i++) {
    const p = inside(rng, st, margin), s = score(p[0], p[1]);
    if (s > bs) {
      bp = p;
      bs = s;
    }
  }
  return bp;
}

const SHP_FIELDS: FieldDef[] = [
  { name: "BSM", type: "C", length: 18, decimals: 0 },
  { name: "MC", type: "C", length: 60, decimals: 0 },
  { name: "LX", type: "C", length: 30, decimals: 0 },
  { name: "MJ", type: "N", length: 15, decimals: 2 },
  { name: "BZ", type: "C", length: 20, decimals: 0 },
];

function layer(
  key: string,
  name: string,
  format: "shp" | "geojson",
  features: PolygonRings[][],
  label: (i: number) => { mc: string; lx: string },
  prefix: string,
  epsg: 4526 | 4490 = 4526,
): DemoLayer {
  const geo = format === "geojson";
  const names = geo ? ["编号", "名称", "类型", "面积", "备注"] : SHP_FIELDS.map((f) => f.name);
  const columns: Record<string, Cell[]> = Object.fromEntries(names.map((n) => [n, [] as Cell[]]));
  features.forEach((f, i) => {
    const l = label(i);
    columns[names[0]].push(`${prefix}${String(i + 1).padStart(4, "0")}`);
    columns[names[1]].push(l.mc);
    columns[names[2]].push(l.lx);
    columns[names[3]].push(Math.round(featureArea(f) * 100) / 100);
    columns[names[4]].push("示例数据");
  });
  const fields = geo
    ? names.map((
      n,
      i,
    ): FieldDef => (i === 3
      ? { name: n, type: "N", length: 15, decimals: 2 }
      : { name: n, type: "C", length: 60, decimals: 0 })
    )
    : SHP_FIELDS.map((f) => ({ ...f }));
  return { key, name, format, epsg, fields, columns, features };
}

/** The river band (河湖管理范围) as one polygon, sampled every 40 m across the county. */
function riverBand(st: CountyStatic, half: number): PolygonRings {
  const c = st.county, rv = st.terrain.river;
  const left: Position[] = [], right: Position[] = [];
  const steps = Math.max(2, Math.ceil(c.width / 40));
  for (let i = 0; i <= steps; i++) {
    const x = c.x0 + (c.width * i) / steps;
    const y = rv.yAt(x);
    const lo = Math.max(c.y0 + 1, y - half), hi = Math.min(c.y0 + c.height - 1, y + half);
    right.push([r3(x), r3(lo)]);
    left.push([r3(x), r3(hi)]);
  }
  const ring = [...right, ...left.reverse()];
  ring.push([ring[0][0], ring[0][1]]);
  return [ring];
}

/**
 * All constraint layers of a county. `latest` is the last survey year's land use (for the
 * exact parcel copy), `hsfZones` the zones from {@link highStandardFarmland}.
 */
export function constraintLayers(
  st: CountyStatic,
  latest: YearState,
  hsfZones: PolygonRings[],
  rng: Rng,
): DemoLayer[] {
  const c = st.county, t = c.terrain, g = st.grid, s = countScale(st);
  const code = c.code;
  const elev = (x: number, y: number) => st.terrain.elevation(x, y);
  const out: DemoLayer[] = [];
  const cell = Math.max(30, Math.sqrt((c.width * c.height) / 1e6));
  const steep = steepZones(st.terrain, c, cell).map((p) => [p]);
  out.push(
    layer(
      "slope25",
      "坡度大于25度",
      "shp",
      steep,
      () => ({ mc: "坡度大于25度区域", lx: "坡度分级5级" }),
      `PD${code}`,
    ),
  );
  const redN = (t === "plain" ? 1 : rng.int(2, 4)) * s;
  const red: PolygonRings[][] = [];
  for (let i = 0; i < redN; i++) {
    const r = t === "plain" ? rng.range(250, 400) : rng.range(400, 800);
    const [x, y] = best(rng, st, r * 1.5, 12, elev);
    red.push([blob(rng, x, y, r)]);
  }
  out.push(
    layer(
      "eco_redline",
      "生态保护红线",
      "shp",
      red,
      () => ({ mc: `${c.name}生态保护红线`, lx: "水源涵养" }),
      `HX${code}`,
    ),
  );
  const reserve: PolygonRings[][] = [];
  for (let i = 0; i < Math.min(red.length, 1 + s); i++) {
    const ring = red[i][0][0];
    const x = ring.reduce((a, p) => a + p[0], 0) / ring.length,
      y = ring.reduce((a, p) => a + p[1], 0) / ring.length;
    reserve.push([blob(rng, x + rng.range(-150, 150), y + rng.range(-150, 150), rng.range(180, 320))]);
  }
  out.push(
    layer(
      "nature_reserve",
      "自然保护地",
      "geojson",
      reserve,
      (i) => ({
        mc: `${c.name}示例${i === 0 ? "自然保护区" : "森林自然公园"}`,
        lx: i === 0 ? "自然保护区" : "自然公园",
      }),
      `BHD${code}`,
    ),
  );
  out.push(
    layer(
      "river_management",
      "河湖管理范围",
      "shp",
      [[riverBand(st, st.terrain.river.managementHalfWidth)]],
      () => ({ mc: `${c.name}示例河管理范围`, lx: "河道管理范围" }),
      `HH${code}`,
    ),
  );
  const urban: PolygonRings[][] = [];
  for (const ts of c.townships) {
    const r = ts.villages[0].seat ? rng.range(220, 420) : 150;
    const [x, y] = [ts.x, ts.y];
    if (
      x - r * 1.5 < c.x0 || x + r * 1.5 > c.x0 + c.width || y - r * 1.5 < c.y0 ||
      y + r * 1.5 > c.y0 + c.height
    ) continue;
    urban.push([blob(rng, x, y, r)]);
  }
  out.push(
    layer(
      "urban_boundary",
      "城镇开发边界",
      "geojson",
      urban,
      (i) => ({ mc: `${c.townships[i]?.name ?? ""}城镇开发边界`, lx: "城镇集中建设区" }),
      `KFBJ${code}`,
    ),
  );
  // 已批已供已登记: small lots near villages, plus one exact copy of a candidate parcel.
  const approved: PolygonRings[][] = [];
  for (let i = 0; i < 5 * s; i++) {
    const v = rng.pick(st.villages).village;
    const r = rng.range(50, 130);
    const x = Math.min(Math.max(v.x + rng.range(-200, 200), c.x0 + 2 * r), c.x0 + c.width - 2 * r);
    const y = Math.min(Math.max(v.y + rng.range(-200, 200), c.y0 + 2 * r), c.y0 + c.height - 2 * r);
    approved.push([blob(rng, x, y, r, 12)]);
  }
  const copyOf = [...Array(g.count).keys()].find((k) =>
    isCandidate(latest, k) && !g.multi[k] && g.hostPond[k] < 0
  );
  if (copyOf !== undefined) approved.push(featureRings(g.geometry, copyOf));
  out.push(
    layer(
      "approved_land",
      "已批已供已登记",
      "shp",
      approved,
      (i) => ({
        mc: i === approved.length - 1 && copyOf !== undefined
          ? `已供地（与图斑 ${st.bsm[copyOf]} 范围一致）`
          : `${c.name}已供地${i + 1}`,
        lx: "已批已供已登记",
      }),
      `GD${code}`,
    ),
  );
  const mining: PolygonRings[][] = [];
  for (let i = 0; i < (t === "plain" ? 1 : 2) * s; i++) {
    const r = t === "plain" ? rng.range(120, 200) : rng.range(200, 380);
    const [x, y] = inside(rng, st, r * 1.5);
    mining.push([blob(rng, x, y, r)]);
  }
  out.push(
    layer(
      "planned_mining",
      "规划采矿区",
      "geojson",
      mining,
      (i) => ({ mc: `${c.name}示例采矿区${i + 1}`, lx: "规划开采区" }),
      `CK${code}`,
    ),
  );
  const hazard: PolygonRings[][] = [];
  for (let i = 0; i < (t === "plain" ? 1 : 3) * s; i++) {
    const r = rng.range(200, 450);
    const [x, y] = best(rng, st, r * 1.5, 8, (x, y) => st.terrain.slope(x, y));
    hazard.push([blob(rng, x, y, r)]);
  }
  const hazardLayer = layer(
    "geohazard",
    "地质灾害易发区",
    "shp",
    hazard,
    () => ({ mc: "滑坡崩塌易发区", lx: "高易发" }),
    `ZH${code}`,
  );
  // Chinese field names, as many local files have them (GBK, ≤ 10 bytes).
  hazardLayer.fields = [
    { name: "编号", type: "C", length: 18, decimals: 0 },
    { name: "名称", type: "C", length: 60, decimals: 0 },
    { name: "易发程度", type: "C", length: 10, decimals: 0 },
    { name: "面积", type: "N", length: 15, decimals: 2 },
    { name: "备注", type: "C", length: 20, decimals: 0 },
  ];
  hazardLayer.columns = {
    编号: hazardLayer.columns.BSM,
    名称: hazardLayer.columns.MC,
    易发程度: hazardLayer.columns.LX.map((_, i) => (i % 2 === 0 ? "高" : "中")),
    面积: hazardLayer.columns.MJ,
    备注: hazardLayer.columns.BZ,
  };
  out.push(hazardLayer);
  out.push(
    layer(
      "high_standard_farmland",
      "已建高标准农田",
      "shp",
      hsfZones.map((z) => [z]),
      (i) => ({ mc: `${c.name}${2012 + (i % 10)}年度高标准农田建设项目`, lx: "已建" }),
      `GB${code}`,
    ),
  );
  const wells: PolygonRings[][] = [];
  const rx = c.x0 + c.width * rng.range(0.25, 0.75);
  wells.push([blob(rng, rx, st.terrain.river.yAt(rx), rng.range(150, 240), 20)]);
  out.push(
    layer(
      "drinking_water_1",
      "饮用水水源一级保护区",
      "geojson",
      wells,
      () => ({ mc: `${c.name}示例水厂取水口一级保护区`, lx: "河流型一级保护区" }),
      `SY${code}`,
      4490,
    ),
  );
  const hw: number[] = [];
  for (let k = 0; k < g.count; k++) if (g.kind[k] === KIND_HIGHWAY) hw.push(g.cy[k]);
  const corridor: PolygonRings[][] = [];
  if (hw.length > 0) {
    const yMid = hw.reduce((a, b) => a + b, 0) / hw.length;
    const xa = c.x0 + c.width * 0.08, xb = c.x0 + c.width * 0.92;
    const top: Position[] = [], bottom: Position[] = [];
    for (let i = 0; i <= 24; i++) {
      const x = xa + ((xb - xa) * i) / 24;
      const w = 80 + 15 * Math.sin(i);
      bottom.push([r3(x), r3(yMid - w)]);
      top.push([r3(x), r3(yMid + w)]);
    }
    const ring = [...bottom, ...top.reverse()];
    ring.push([ring[0][0], ring[0][1]]);
    corridor.push([[ring]]);
  }
  out.push(
    layer(
      "key_projects",
      "重点建设项目",
      "shp",
      corridor,
      () => ({ mc: "示例高速公路改扩建工程", lx: "国家重点建设项目" }),
      `ZD${code}`,
    ),
  );
  return out;
}
