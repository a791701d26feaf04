/**
 * The administrative plan of the demo province "示例省" (code 90, not a real province code):
 * 3 cities × 3 counties laid side by side as a 3×3 mosaic of rectangles in CGCS2000 3° GK
 * zone 38 around latitude 31°N, each county with a terrain type, a region type, 3–6
 * townships and their villages; plus the CSV tables (admin_units.csv, XZQ.csv, CJDCQ.csv).
 *
 * @module
 */
import { Rng } from "./rng.ts";
import type { DemoCounty, DemoTownship, DemoVillage, RegionType, Terrain } from "./types.ts";

/** Province code and name of the demo (90 is not a real province code). */
export const DEMO_PROVINCE: { readonly code: string; readonly name: string } = Object.freeze({
  code: "90",
  name: "示例省",
});
/** Cities of the demo. */
export const DEMO_CITIES: readonly { code: string; name: string }[] = Object.freeze([
  { code: "9001", name: "示例一市" },
  { code: "9002", name: "示例二市" },
  { code: "9003", name: "示例三市" },
]);

/** Nominal county rectangle (m) of the province demo. */
export const COUNTY_WIDTH: number = 6000;
/** Nominal county rectangle height (m). */
export const COUNTY_HEIGHT: number = 4400;
/** Province south-west corner: east of the zone's false easting, about 31°N. */
export const PROVINCE_ORIGIN: readonly [number, number] = Object.freeze([
  38500000 - 1.5 * COUNTY_WIDTH,
  3430000,
]);

interface CountySpec {
  code: string;
  name: string;
  terrain: Terrain;
  region: RegionType;
}

/** Counties per city, west to east; cities north to south. */
const COUNTY_SPECS: CountySpec[][] = [
  [
    { code: "900101", name: "平川县", terrain: "plain", region: "grain" },
    { code: "900102", name: "丘阳县", terrain: "hill", region: "developed" },
    { code: "900103", name: "云峰县", terrain: "mountain", region: "fragile" },
  ],
  [
    { code: "900201", name: "岗坪县", terrain: "hill", region: "grain" },
    { code: "900202", name: "沃原县", terrain: "plain", region: "developed" },
    { code: "900203", name: "石门县", terrain: "mountain", region: "fragile" },
  ],
  [
    { code: "900301", name: "高岩县", terrain: "mountain", region: "fragile" },
    { code: "900302", name: "河洲县", terrain: "plain", region: "grain" },
    { code: "900303", name: "青岭县", terrain: "hill", region: "fragile" },
  ],
];
/** The county whose Shapefiles come without .cpg. */
export const NO_CPG_COUNTY: string = "900202";
/** The mountain county planned to exceed 20% abandonment in 2024. */
export const HIGH_ABANDONMENT_COUNTY: string = "900301";

const TOWNSHIP_STEMS = [
  "东岗",
  "柳河",
  "双桥",
  "新集",
  "杨店",
  "石桥",
  "马坪",
  "黄庄",
  "龙泉",
  "白沙",
  "青山",
  "长岭",
  "官桥",
  "三河",
  "永兴",
  "太平",
  "安乐",
  "清水",
  "槐树",
  "桃源",
  "金牛",
  "花园",
  "梅溪",
  "大坝",
  "松林",
  "沙河",
  "土门",
  "古城",
];
const SURNAMES = [
  "张",
  "王",
  "李",
  "刘",
  "陈",
  "杨",
  "赵",
  "黄",
  "周",
  "吴",
  "徐",
  "孙",
  "胡",
  "朱",
  "高",
  "林",
  "何",
  "郭",
  "马",
  "罗",
  "梁",
  "宋",
  "郑",
  "谢",
  "韩",
  "唐",
  "冯",
  "于",
  "董",
  "萧",
];
const PLACE_SUFFIXES = [
  "庄",
  "湾",
  "岗",
  "店",
  "营",
  "集",
  "圩",
  "冲",
  "坪",
  "畈",
  "垸",
  "岭",
  "桥",
  "塘",
  "坝",
];
const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

function stratified(rng: Rng, n: number, x0: number, y0: number, w: number, h: number): [number, number][] {
  const cols = Math.max(1, Math.round(Math.sqrt((n * w) / h)));
  const rows = Math.max(1, Math.ceil(n / cols));
  const cells: [number, number][] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push([c, r]);
  rng.shuffle(cells);
  return cells.slice(0, n).map(([c, r]) => [
    x0 + ((c + 0.2 + 0.6 * rng.next()) / cols) * w,
    y0 + ((r + 0.2 + 0.6 * rng.next()) / rows) * h,
  ]);
}

/** Builds the townships and villages of one county (deterministic in `rng`). */
export function planTownships(
  rng: Rng,
  county: { code: string; x0: number; y0: number; width: number; height: number },
  counts: { townships: number; villagesPerTownship: number },
): DemoTownship[] {
  const { x0, y0, width: w, height: h } = county;
  const centres = stratified(rng, counts.townships, x0, y0, w, h);
  const stems = rng.shuffle([...TOWNSHIP_STEMS]);
  const townships: DemoTownship[] = centres.map(([x, y], i) => {
    const seat = i === 0;
    const stem = seat
      ? "城关"
      : stems[(i - 1) % stems.length] + (i > stems.length ? NUMERALS[Math.floor(i / stems.length)] : "");
    const kind = seat || i % 3 !== 0 ? "镇" : "乡";
    const code = county.code + String((kind === "镇" ? 100 : 200) + i).padStart(3, "0");
    return { code, name: stem + kind, x, y, villages: [] };
  });
  const used = new Set<string>();
  const combos: string[] = [];
  for (const s of SURNAMES) for (const p of PLACE_SUFFIXES) combos.push(s + "家" + p);
  rng.shuffle(combos);
  let nextName = 0;
  const villageName = (): string => {
    while (nextName < combos.length) {
      const n = combos[nextName++] + "村";
      if (!used.has(n)) {
        used.add(n);
        return n;
      }
    }
    return `示例村${used.size + 1}`;
  };
  const counters = townships.map(() => 0);
  const addVillage = (t: number, x: number, y: number, seat: boolean) => {
    const ts = townships[t];
    const num = seat ? 1 : 201 + counters[t]++;
    const code = ts.code + String(num).padStart(3, "0");
    const name = seat ? ts.name.replace(/[镇乡]$/, "") + "社区居委会" : villageName();
    const v: DemoVillage = { code, name, zldwdm: code + "0000000", x, y, seat };
    ts.villages.push(v);
  };
  townships.forEach((t, i) => addVillage(i, t.x, t.y, true));
  const others = stratified(rng, counts.townships * (counts.villagesPerTownship - 1), x0, y0, w, h);
  for (const [x, y] of others) {
    let best = 0, bd = Infinity;
    townships.forEach((t, i) => {
      const d = (t.x - x) ** 2 + (t.y - y) ** 2;
      if (d < bd) {
        bd = d;
        best = i;
      }
    });
    // Keep village centres apart from the seat so that villages do not collapse onto it.
    if (bd < 250 ** 2) continue;
    addVillage(best, x, y, false);
  }
  return townships;
}

/** The nine counties of the province demo, laid out north (city 9001) to south. */
export function planProvince(seed: number): DemoCounty[] {
  const root = new Rng(seed).fork("admin");
  const out: DemoCounty[] = [];
  COUNTY_SPECS.forEach((row, r) => {
    row.forEach((spec, c) => {
      const x0 = PROVINCE_ORIGIN[0] + c * COUNTY_WIDTH;
      const y0 = PROVINCE_ORIGIN[1] + (2 - r) * COUNTY_HEIGHT;
      const rng = root.fork(spec.code);
      const townships = planTownships(rng, {
        code: spec.code,
        x0,
        y0,
        width: COUNTY_WIDTH,
        height: COUNTY_HEIGHT,
      }, {
        townships: rng.int(3, 6),
        villagesPerTownship: rng.int(5, 8),
      });
      out.push({
        code: spec.code,
        name: spec.name,
        cityCode: DEMO_CITIES[r].code,
        cityName: DEMO_CITIES[r].name,
        terrain: spec.terrain,
        regionType: spec.region,
        x0,
        y0,
        width: COUNTY_WIDTH,
        height: COUNTY_HEIGHT,
        writeCpg: spec.code !== NO_CPG_COUNTY,
        highAbandonment: spec.code === HIGH_ABANDONMENT_COUNTY,
        townships,
      });
    });
  });
  return out;
}

/** Parcels per km² of a hill county (measured on the grid), used to size the benchmark county. */
export const HILL_PARCELS_PER_KM2: number = 105;

/** The area (km²) and extent (m) of a hill county of about `parcels` parcels, in the demo counties' proportions. */
function hillCountySize(parcels: number): { areaKm2: number; width: number; height: number } {
  const areaKm2 = Math.max(1, parcels / HILL_PARCELS_PER_KM2);
  const height = Math.round(Math.sqrt((areaKm2 * 1e6 * COUNTY_HEIGHT) / COUNTY_WIDTH));
  const width = Math.round((areaKm2 * 1e6) / height);
  return { areaKm2, width, height };
}

/** The single benchmark county of about `parcels` parcels (hill terrain, code 900104). */
export function planBenchmarkCounty(seed: number, parcels: number): DemoCounty {
  const rng = new Rng(seed).fork("admin-bench");
  const { areaKm2, width, height } = hillCountySize(parcels);
  const x0 = 38500000 - Math.round(width / 2), y0 = PROVINCE_ORIGIN[1];
  const nT = Math.min(60, Math.max(3, Math.round(areaKm2 / 8)));
  const townships = planTownships(rng, { code: "900104", x0, y0, width, height }, {
    townships: nT,
    villagesPerTownship: 8,
  });
  return {
    code: "900104",
    name: "基准县",
    cityCode: "9001",
    cityName: DEMO_CITIES[0].name,
    terrain: "hill",
    regionType: "grain",
    x0,
    y0,
    width,
    height,
    writeCpg: true,
    highAbandonment: false,
    townships,
  };
}

/**
 * A province of `n` counties of about `parcels` parcels each, for runs over a province at
 * scale: cities of three counties side by side (codes 90CC01…), hill terrain (sized like the
 * benchmark county), the three region types in turn.
 */
export function planScaledProvince(seed: number, n: number, parcels: number): DemoCounty[] {
  const root = new Rng(seed).fork("admin-scaled");
  const { areaKm2, width, height } = hillCountySize(parcels);
  const regions: RegionType[] = ["grain", "developed", "fragile"];
  const out: DemoCounty[] = [];
  for (let k = 0; k < n; k++) {
    const city = Math.floor(k / 3), col = k % 3;
    const cityCode = `90${String(city + 1).padStart(2, "0")}`;
    const code = `${cityCode}${String(col + 1).padStart(2, "0")}`;
    const x0 = 38500000 - Math.round(1.5 * width) + col * width, y0 = PROVINCE_ORIGIN[1] + city * height;
    const rng = root.fork(code);
    out.push({
      code,
      name: `规模县${k + 1}`,
      cityCode,
      cityName: DEMO_CITIES[city]?.name ?? `规模市${city + 1}`,
      terrain: "hill",
      regionType: regions[k % 3],
      x0,
      y0,
      width,
      height,
      writeCpg: true,
      highAbandonment: false,
      townships: planTownships(rng, { code, x0, y0, width, height }, {
        townships: Math.min(60, Math.max(3, Math.round(areaKm2 / 8))),
        villagesPerTownship: 8,
      }),
    });
  }
  return out;
}

const TERRAIN_ZH: Record<Terrain, string> = { plain: "平原", hill: "丘陵", mountain: "山区" };
const REGION_ZH: Record<RegionType, string> = {
  developed: "经济发达地区",
  grain: "粮食主产区",
  fragile: "生态脆弱区",
};

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text (UTF-8, LF) from a header and rows. */
export function csvText(header: string[], rows: (string | number | null)[][]): string {
  const lines = [header.map(csvField).join(",")];
  for (const r of rows) lines.push(r.map((v) => (v === null ? "" : csvField(String(v)))).join(","));
  return lines.join("\n") + "\n";
}

/**
 * admin_units.csv: code, name, level, parent, terrain, region_type (terrain and region type
 * on county rows only; terrain_zh and region_type_zh give the Chinese labels), and a note
 * marking the rows as 示例数据.
 */
export function adminUnitsCsv(counties: DemoCounty[]): string {
  const rows: (string | null)[][] = [[
    DEMO_PROVINCE.code,
    DEMO_PROVINCE.name,
    "province",
    null,
    null,
    null,
    null,
    null,
  ]];
  const cities = new Set(counties.map((c) => c.cityCode));
  for (const c of DEMO_CITIES) {
    if (cities.has(c.code)) rows.push([c.code, c.name, "city", DEMO_PROVINCE.code, null, null, null, null]);
  }
  for (const c of counties) {
    rows.push([
      c.code,
      c.name,
      "county",
      c.cityCode,
      c.terrain,
      c.regionType,
      TERRAIN_ZH[c.terrain],
      REGION_ZH[c.regionType],
    ]);
  }
  for (const c of counties) {
    for (const t of c.townships) {
      rows.push([t.code, t.name, "township", c.code, null, null, null, null]);
      for (const v of t.villages) rows.push([v.code, v.name, "village", t.code, null, null, null, null]);
    }
  }
  return csvText(
    ["code", "name", "level", "parent", "terrain", "region_type", "terrain_zh", "region_type_zh", "note"],
    rows.map((r) => [...r, "示例数据"]),
  );
}

/** XZQ.csv of a county: township rows as the survey's 行政区 layer names them (XZQDM 12 digits). */
export function xzqCsv(county: DemoCounty): string {
  return csvText(
    ["XZQDM", "XZQMC", "XZQJB", "SJXZQDM", "BZ"],
    county.townships.map((t) => [t.code + "000", t.name, "乡镇", county.code, "示例数据"]),
  );
}

/** CJDCQ.csv of a county: village rows (ZLDWDM 19 characters) as the 村级调查区 layer names them. */
export function cjdcqCsv(county: DemoCounty): string {
  const rows: string[][] = [];
  for (const t of county.townships) {
    for (const v of t.villages) rows.push([v.zldwdm, v.name, t.code + "000", t.name, "示例数据"]);
  }
  return csvText(["ZLDWDM", "ZLDWMC", "XZQDM", "XZQMC", "BZ"], rows);
}

/** Flattened villages of a county with their township index. */
export function countyVillages(county: DemoCounty): { village: DemoVillage; township: number }[] {
  const out: { village: DemoVillage; township: number }[] = [];
  county.townships.forEach((t, i) => t.villages.forEach((v) => out.push({ village: v, township: i })));
  return out;
}
