/**
 * The province demo as files: generated once into a temporary directory, then read back with
 * the workspace's own readers and compared with the generator's manifest.
 */
import { assert, assertEquals } from "../_assert.ts";
import { generateDemo } from "../../src/demo/generate.ts";
import { readShapefile } from "../../src/io/shp.ts";
import { readGeoJSON } from "../../src/io/geojson.ts";
import { readXlsx } from "../../src/io/xlsx.ts";
import { lookupLandClass } from "../../src/units/landclass.ts";
import { featureRings } from "../../src/geom/types.ts";
import type { VectorLayer } from "../../src/io/layer.ts";

const dir = await Deno.makeTempDir({ prefix: "demo_province_" });
const manifest = await generateDemo({ out: dir });
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];
const cache = new Map<string, VectorLayer>();
async function dltb(county: string, year: number): Promise<VectorLayer> {
  const p = `${dir}/${county}/DLTB_${year}.shp`;
  if (!cache.has(p)) cache.set(p, await readShapefile(p));
  return cache.get(p)!;
}
const cents = (v: unknown) => Math.round((v as number) * 100);
const CANDIDATE_WETLAND = new Set(["0303", "0304", "0306", "0402"]);
function isCandidate(code: string, z: unknown): boolean {
  const b = code.slice(0, 4);
  if (z !== "JKHF" && z !== "GCHF") return false;
  if (CANDIDATE_WETLAND.has(b) || b === "0404") return false;
  return b.startsWith("02") || b.startsWith("03") || b.startsWith("04") || b === "1104";
}

Deno.test("demo province: 9 counties, 3 cities, 2,000–4,000 parcels each, manifest lists every file", async () => {
  assertEquals(manifest.counties.length, 9);
  assertEquals(new Set(manifest.counties.map((c) => c.cityCode)).size, 3);
  assertEquals(new Set(manifest.counties.map((c) => c.terrain)), new Set(["plain", "hill", "mountain"]));
  assertEquals(
    new Set(manifest.counties.map((c) => c.regionType)),
    new Set(["developed", "grain", "fragile"]),
  );
  for (const c of manifest.counties) {
    const n = c.years["2024"].parcels;
    assert(n >= 2000 && n <= 4000, `${c.code}: ${n} parcels`);
  }
  const onDisk = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
  assertEquals(onDisk, JSON.parse(JSON.stringify(manifest)));
  for (const f of manifest.files) {
    const bytes = await Deno.readFile(`${dir}/${f.path}`);
    const hex = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) =>
      b.toString(16).padStart(2, "0")
    ).join("");
    assertEquals(hex, f.sha256, f.path);
  }
  const admin = (await Deno.readTextFile(`${dir}/admin_units.csv`)).trim().split("\n");
  assertEquals(admin[0], "code,name,level,parent,terrain,region_type,terrain_zh,region_type_zh,note");
  assert(admin.some((l) => l.startsWith("90,示例省,province")));
  const village = admin.find((l) => l.includes(",village,"))!.split(",");
  assertEquals(village[0].length, 12);
});

Deno.test("demo province: manifest totals equal the sums of the DLTB files read back", async () => {
  for (const c of manifest.counties) {
    for (const year of YEARS) {
      const l = await dltb(c.code, year);
      const t = c.years[String(year)];
      let farm = 0, tbmj = 0, tbdlmj = 0, wg = 0, cand = 0;
      const cls: Record<string, number> = { "0101": 0, "0102": 0, "0103": 0 };
      for (let i = 0; i < l.length; i++) {
        const code = l.columns.DLBM[i] as string;
        assertEquals(cents(l.columns.TBDLMJ[i]), cents(l.columns.TBMJ[i]) - cents(l.columns.KCMJ[i]));
        if (code.startsWith("01")) {
          farm++;
          tbmj += cents(l.columns.TBMJ[i]);
          tbdlmj += cents(l.columns.TBDLMJ[i]);
          cls[code] += cents(l.columns.TBDLMJ[i]);
          if (l.columns.ZZSXDM[i] === "WG") wg += cents(l.columns.TBDLMJ[i]);
        } else if (isCandidate(code, l.columns.ZZSXDM[i])) cand++;
      }
      const at = `${c.code} ${year}`;
      assertEquals(l.length, t.parcels, at);
      assertEquals(farm, t.farmlandParcels, at);
      assertEquals(tbmj, cents(t.farmlandTbmjM2), at);
      assertEquals(tbdlmj, cents(t.farmlandTbdlmjM2), at);
      for (const k of ["0101", "0102", "0103"]) assertEquals(cls[k], cents(t.classTbdlmjM2[k]), `${at} ${k}`);
      assertEquals(cand, t.candidates, at);
      assertEquals(wg, cents(t.abandonedTbdlmjM2), at);
      assert(Math.abs(wg / tbdlmj - t.abandonmentShare) < 1e-12, at);
      assert(Math.abs(t.farmlandTbdlmjMu - t.farmlandTbdlmjM2 * 15 / 10000) < 1e-6, at);
    }
  }
});

Deno.test("demo province: abandonment above 20% in exactly the planned mountain county", async () => {
  const high: string[] = [];
  for (const c of manifest.counties) {
    const l = await dltb(c.code, 2024);
    let all = 0, wg = 0;
    for (let i = 0; i < l.length; i++) {
      if (!(l.columns.DLBM[i] as string).startsWith("01")) continue;
      all += l.columns.TBDLMJ[i] as number;
      if (l.columns.ZZSXDM[i] === "WG") wg += l.columns.TBDLMJ[i] as number;
    }
    if (wg / all > 0.2) high.push(c.code);
  }
  const planned = manifest.counties.filter((c) => c.highAbandonment);
  assertEquals(planned.length, 1);
  assertEquals(planned[0].terrain, "mountain");
  assertEquals(high, [planned[0].code]);
});

Deno.test("demo province: DLTB files are GBK with .prj, .cpg in all but one county, same geometry every year", async () => {
  const needed = [
    "0101",
    "0102",
    "0103",
    "0201",
    "0202",
    "0201K",
    "0301",
    "0301K",
    "0305",
    "0307",
    "0401",
    "0403",
    "0404",
    "0303",
    "0304",
    "0402",
    "1202",
    "1203",
    "0702",
    "0601",
    "05H1",
    "1003",
    "1006",
    "1107",
    "1104",
    "1104A",
    "1104K",
  ];
  const seen = new Set<string>();
  const bsm = new Set<string>();
  for (const c of manifest.counties) {
    let hasCpg = true;
    try {
      await Deno.stat(`${dir}/${c.code}/DLTB_2024.cpg`);
    } catch {
      hasCpg = false;
    }
    assertEquals(hasCpg, c.hasCpg, c.code);
    const prj = await Deno.readTextFile(`${dir}/${c.code}/DLTB_2024.prj`);
    assert(prj.startsWith('PROJCS["CGCS2000_3_Degree_GK_Zone_38"') && prj.includes("38500000"), prj);
    const shp19 = await Deno.readFile(`${dir}/${c.code}/DLTB_2019.shp`);
    const shp24 = await Deno.readFile(`${dir}/${c.code}/DLTB_2024.shp`);
    assertEquals(shp19, shp24, `${c.code}: geometry differs between years`);
    const l19 = await dltb(c.code, 2019), l24 = await dltb(c.code, 2024);
    assertEquals(l24.encoding, "gbk");
    assertEquals(l19.columns.BSM, l24.columns.BSM);
    for (const b of l24.columns.BSM) {
      assert(!bsm.has(b as string), `duplicate BSM ${b}`);
      bsm.add(b as string);
    }
    for (const year of YEARS) {
      const l = await dltb(c.code, year);
      for (let i = 0; i < l.length; i++) {
        const code = l.columns.DLBM[i] as string;
        assert(lookupLandClass(code) !== null, `${c.code} ${year}: unknown DLBM ${code}`);
        seen.add(code);
        const z = l.columns.ZLDWDM[i] as string;
        assert(z.length === 19 && z.startsWith(c.code) && z.endsWith("0000000"), z);
      }
      assertEquals(new Set(l.columns.SJNF), new Set([year]));
    }
  }
  for (const code of needed) assert(seen.has(code), `class ${code} never generated`);
});

Deno.test("demo province: constraints, permanent basic farmland and the exact parcel copy", async () => {
  for (const c of manifest.counties) {
    const files = [...Deno.readDirSync(`${dir}/${c.code}/constraints`)].map((e) => e.name);
    const shp = files.filter((f) => f.endsWith(".shp")), geo = files.filter((f) => f.endsWith(".geojson"));
    assert(shp.length + geo.length >= 10 && shp.length > 0 && geo.length > 0, files.join(","));
    for (
      const name of [
        "坡度大于25度.shp",
        "生态保护红线.shp",
        "自然保护地.geojson",
        "河湖管理范围.shp",
        "城镇开发边界.geojson",
      ]
    ) {
      assert(files.includes(name), `${c.code}: ${name}`);
    }
    const parcels = await dltb(c.code, 2024);
    const keyOf = (rings: unknown) => JSON.stringify(rings);
    const parcelKeys = new Set<string>();
    for (let k = 0; k < parcels.length; k++) parcelKeys.add(keyOf(featureRings(parcels.geometry!, k)));
    const approved = await readShapefile(`${dir}/${c.code}/constraints/已批已供已登记.shp`);
    let copies = 0;
    for (let k = 0; k < approved.length; k++) {
      if (parcelKeys.has(keyOf(featureRings(approved.geometry!, k)))) copies++;
    }
    assertEquals(copies, 1, `${c.code}: exact parcel copies in 已批已供已登记`);
    const water = await readGeoJSON(`${dir}/${c.code}/constraints/饮用水水源一级保护区.geojson`);
    assertEquals(water.crsText, "urn:ogc:def:crs:EPSG::4490");
    const pbf = await readShapefile(`${dir}/${c.code}/永久基本农田.shp`);
    const l19 = await dltb(c.code, 2019);
    const keys19 = new Map<string, number>();
    for (let k = 0; k < l19.length; k++) keys19.set(keyOf(featureRings(l19.geometry!, k)), k);
    for (let k = 0; k < pbf.length; k++) {
      const src = keys19.get(keyOf(featureRings(pbf.geometry!, k)));
      assert(src !== undefined, `${c.code}: PBF ${pbf.columns.BSM[k]} is not a 2019 parcel`);
      assert((l19.columns.DLBM[src] as string).startsWith("01"));
    }
    if (c.terrain === "plain") {
      assert(pbf.length > 0.7 * c.years["2019"].farmlandParcels, `${c.code} PBF share`);
    }
  }
});

Deno.test("demo province: out-flow projects, 占补 records and field returns match the parcels", async () => {
  const supplement = readXlsx(`${dir}/zhanbu/supplement.xlsx`);
  const occupation = readXlsx(`${dir}/zhanbu/occupation.xlsx`);
  assert(occupation.length >= 30 && supplement.length >= 20);
  assert(supplement.columns["跨省域卖方省份"].some((v) => v !== null), "a cross-province purchase");
  assert(occupation.columns["是否国家重点项目"].includes("是"));
  const occIds = new Set(occupation.columns["项目编号"]);
  assert(
    occIds.size > new Set(supplement.columns["关联占用项目编号"]).size,
    "some occupation never supplemented",
  );
  for (let i = 0; i < supplement.length; i++) {
    const list = supplement.columns["补充地块BSM"][i];
    if (list === null) continue;
    const county = supplement.columns["县代码"][i] as string, year = supplement.columns["年度"][i] as number;
    const l = await dltb(county, year);
    const idx = new Map(l.columns.BSM.map((b, k) => [b, k]));
    let sum = 0;
    for (const b of (list as string).split(";")) {
      const k = idx.get(b)!;
      assert((l.columns.DLBM[k] as string).startsWith("01"), `${b} not farmland in ${year}`);
      sum += cents(l.columns.TBDLMJ[k]);
    }
    assertEquals(sum, cents(supplement.columns["补充耕地面积（平方米）"][i]));
  }
  for (const c of manifest.counties) {
    const projects = readXlsx(`${dir}/${c.code}/outflow_projects.xlsx`);
    assertEquals(projects.length, c.tables.outflowProjects);
    for (const year of YEARS.slice(1)) {
      const geo = await readGeoJSON(`${dir}/${c.code}/outflow_projects_${year}.geojson`);
      const prev = await dltb(c.code, year - 1), cur = await dltb(c.code, year);
      const idx = new Map(cur.columns.BSM.map((b, k) => [b, k]));
      for (let i = 0; i < geo.length; i++) {
        const k = idx.get(geo.columns.BSM[i])!;
        assert((prev.columns.DLBM[k] as string).startsWith("01"));
        assertEquals(cur.columns.DLBM[k], geo.columns["现地类编码"][i]);
      }
    }
    const returns = readXlsx(`${dir}/${c.code}/field_returns.xlsx`);
    assertEquals(returns.length, c.tables.fieldReturns);
    const l24 = await dltb(c.code, 2024);
    const idx = new Map(l24.columns.BSM.map((b, k) => [b, k]));
    for (const b of returns.columns.BSM) {
      const k = idx.get(b)!;
      assert(isCandidate(l24.columns.DLBM[k] as string, l24.columns.ZZSXDM[k]), `${b} is not a candidate`);
    }
    assertEquals(returns.length + c.tables.fieldReturnsMissing, c.years["2024"].candidates);
  }
});

Deno.test("demo province: a second run with the same seed gives byte-identical files", async () => {
  const again = await Deno.makeTempDir({ prefix: "demo_province_again_" });
  try {
    const m2 = await generateDemo({ out: again, seed: manifest.seed });
    assertEquals(m2.files, manifest.files);
    assertEquals(
      await Deno.readTextFile(`${again}/manifest.json`),
      await Deno.readTextFile(`${dir}/manifest.json`),
    );
  } finally {
    await Deno.remove(again, { recursive: true });
  }
});

Deno.test("demo province: clean up", async () => {
  await Deno.remove(dir, { recursive: true });
});
