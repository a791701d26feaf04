/**
 * The public figures in data/public/, loaded with the workspace's CSV reader: the national
 * 三调 total is the bulletin's, provinces sum to the national total within the bulletins'
 * rounding (complete sets; with provinces missing, never above it), every number has a source,
 * and the trends computed from them (shares, change, centre shift, region types).
 */
import { assert, assertAlmostEquals, assertEquals, assertRejects } from "../_assert.ts";
import {
  type AreaRow,
  type AreaTable,
  checkProvinceSum,
  checkPublishedShare,
  loadPublicData,
  PUBLIC_FILES,
  publishedArea,
} from "../../src/trends/public_data.ts";
import { DEFINITION_CHANGE_NOTE, publicTrends } from "../../src/trends/public_trends.ts";
import { REAL_PROVINCE_CODES } from "../../src/units/admin.ts";
import { readCsv } from "../../src/io/csv.ts";

const DIR = new URL("../../data/public", import.meta.url).pathname;
const data = await loadPublicData(DIR);

Deno.test("the national 三调 farmland total is the bulletin's 191792.79 万亩 = 12786.19 万公顷", () => {
  const n = data.sandiao.national;
  assertEquals([n.area!.value, n.area!.unit], [191792.79, "万亩"]);
  assertEquals(n.area!.areaM2, 191792.79 * 1e4 * 10000 / 15);
  assertEquals([n.alt!.value, n.alt!.unit], [12786.19, "万公顷"]);
  assertEquals(
    Math.round(n.area!.areaM2 / 1e8 * 100) / 100,
    12786.19,
    "the 亩 figure rounds to the 公顷 figure",
  );
  assert(!n.altMismatch);
  assert(n.source.includes("第三次全国国土调查主要数据公报"), n.source);
  const e = data.erdiao.national;
  assertEquals([e.area!.value, e.area!.unit, e.alt!.value, e.alt!.unit], [203077, "万亩", 13538.5, "万公顷"]);
});

Deno.test("one row per province and a national row; every number has a publication and a URL", async () => {
  for (const t of [data.sandiao, data.erdiao]) {
    assertEquals(
      t.provinces.map((r) => r.code.slice(0, 2)).sort(),
      REAL_PROVINCE_CODES.filter((c) => Number(c) < 70).slice().sort(),
    );
    for (const r of [t.national, ...t.provinces]) {
      if (r.area) assert(r.source.length > 4 && /^https?:\/\//.test(r.url), `${t.file} ${r.name}`);
      else assert(r.note.includes("未检索到"), `${r.name}: an empty figure says so`);
    }
  }
  for (const p of data.points) assert(p.source && /^https:\/\/github\.com\//.test(p.url), p.name);
  for (const q of data.quality) assert(q.source && /^https?:\/\//.test(q.url), q.indicator);
  assertEquals(data.points.length, 31);
  assertEquals(
    data.points.filter((p) => p.poorStandIn).map((p) => p.name).sort(),
    ["内蒙古自治区", "四川省", "新疆维吾尔自治区"].sort(),
  );
  // the README names the source of every number
  const readme = await Deno.readTextFile(`${DIR}/README.md`);
  for (const f of Object.values(PUBLIC_FILES)) {
    assert(readme.includes(f), `README mentions ${f}`);
    const layer = await readCsv(`${DIR}/${f}`);
    for (const u of (layer.columns.url ?? []).flatMap((v) => String(v ?? "").split(" ; ")).filter(Boolean)) {
      assert(readme.includes(u.trim()), `README lists ${u}`);
    }
  }
});

function table(national: [number, number], provinces: [number, number][]): AreaTable {
  const row = (
    code: string,
    [value, decimals]: [number, number],
    level: "national" | "province",
  ): AreaRow => ({
    code,
    name: code,
    level,
    area: Number.isNaN(value) ? null : publishedArea(value, "万亩", decimals, code),
    alt: null,
    altMismatch: false,
    source: "s",
    url: "u",
    note: "",
  });
  return {
    file: "t",
    national: row("000000", national, "national"),
    provinces: provinces.map((p, i) => row(String(i), p, "province")),
  };
}

Deno.test("provinces sum to the national total within the bulletins' rounding", () => {
  assert(checkProvinceSum(table([100.00, 2], [[33.33, 2], [33.33, 2], [33.34, 2]])).withinRounding);
  // each province rounded to 0.01, the national to 0.1: 99.99 vs 100.0 is within 0.05 + 3 × 0.005
  assert(checkProvinceSum(table([100.0, 1], [[33.33, 2], [33.33, 2], [33.33, 2]])).withinRounding);
  const off = checkProvinceSum(table([100.00, 2], [[33.33, 2], [33.33, 2], [33.30, 2]]));
  assert(off.complete && !off.withinRounding, "a gap of 0.04 万亩 exceeds 4 × 0.005");
  assertAlmostEquals(off.toleranceM2, 4 * 0.005 * 1e4 * 10000 / 15, 1e-6);
});

Deno.test("public 三调/二调: the provinces found never exceed the national total; the missing ones are named", () => {
  for (const t of [data.sandiao, data.erdiao]) {
    const c = checkProvinceSum(t);
    assertEquals(c.provincesMissing, t.provinces.filter((r) => !r.area).map((r) => r.name));
    if (c.complete) {
      assert(
        c.withinRounding,
        `${t.file}: complete provinces must sum to the national total within rounding`,
      );
    } else {assert(
        c.withinRounding && c.gapM2 > 0,
        `${t.file}: partial sum must stay below the national total`,
      );}
  }
  assert(checkProvinceSum(data.sandiao).provincesWithFigure >= 16);
});

Deno.test("a bulletin's group share bounds the provinces: consistent, contradicted, and what it leaves", () => {
  const row = { survey: "2019" as const, sharePct: 40, decimals: 0, statement: "s", source: "src", url: "u" };
  // national 100.00 万亩; A and B form the group
  const t = table([100.00, 2], [[30.00, 2], [10.00, 2], [60.00, 2]]);
  const both = checkPublishedShare({ ...row, provinces: ["0", "1"] }, t);
  assert(both.consistent, "30 + 10 = 40 % of 100");
  assertEquals([both.missing, both.missingMinM2, both.missingMaxM2], [[], 0, 0]);
  const tooBig = checkPublishedShare({ ...row, provinces: ["0", "2"] }, t);
  assert(!tooBig.consistent, "30 + 60 = 90 % is not 40 %");
  const tooSmall = checkPublishedShare({ ...row, provinces: ["1"] }, t);
  assert(!tooSmall.consistent, "10 % is not 40 % when the group is complete");
  // B missing: A's 30 leaves 39.5–40.5 % − 30 ± rounding for B
  const gap = table([100.00, 2], [[30.00, 2], [NaN, 0]]);
  const partial = checkPublishedShare({ ...row, provinces: ["0", "1"] }, gap);
  assert(partial.consistent);
  assertEquals(partial.missing, ["1"]);
  const wan = 1e4 * 10000 / 15;
  assertAlmostEquals(partial.missingMinM2, (0.395 * (100 - 0.005) - 30 - 0.005) * wan, 1e-6);
  assertAlmostEquals(partial.missingMaxM2, (0.405 * (100 + 0.005) - 30 + 0.005) * wan, 1e-6);
  const over = table([100.00, 2], [[45.00, 2], [NaN, 0]]);
  assert(!checkPublishedShare({ ...row, provinces: ["0", "1"] }, over).consistent, "45 % alone exceeds 40.5 %");
});

Deno.test("a bad group-share row names the file, the row, the field and the value", async () => {
  const dir = await Deno.makeTempDir({ prefix: "public-bad-" });
  for (const f of Object.values(PUBLIC_FILES)) await Deno.copyFile(`${DIR}/${f}`, `${dir}/${f}`);
  const path = `${dir}/${PUBLIC_FILES.shares}`;
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, text.replace("230000;150000", "239999;150000"));
  await assertRejects(() => loadPublicData(dir), `${PUBLIC_FILES.shares} 第 2 行：省级代码 239999`);
  await Deno.writeTextFile(path, text.replace(",40,0,", ",140,0,"));
  await assertRejects(() => loadPublicData(dir), "share_pct 须在 0–100 之间，收到“140”");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("public 三调: the five large provinces' figures agree with the bulletin's 40 %", () => {
  assertEquals(data.shares.length, 1);
  const c = checkPublishedShare(data.shares[0], data.sandiao);
  assertEquals(c.row.provinces.length, 5);
  assert(c.consistent, `known ${c.knownM2} m² vs ≤ ${c.groupMaxM2} m²`);
  assertEquals(c.withFigure.length + c.missing.length, 5);
  // the check is live: a tenfold 黑龙江 figure would contradict it
  const hlj = data.sandiao.provinces.find((r) => r.code === "230000")!;
  const wrong = {
    ...data.sandiao,
    provinces: data.sandiao.provinces.map((r) =>
      r === hlj ? { ...r, area: { ...r.area!, areaM2: r.area!.areaM2 * 10 } } : r
    ),
  };
  assert(!checkPublishedShare(data.shares[0], wrong).consistent);
});

Deno.test("public trends: shares, change, centre shift over the same provinces, region-type grouping", () => {
  const t = publicTrends(data);
  const henan = t.provinces.find((r) => r.code === "410000")!;
  assertAlmostEquals(henan.share2019, 11271.10 / 191792.79, 1e-12);
  assertEquals(henan.area2009Basis, "bulletin");
  assertAlmostEquals(
    henan.changeM2,
    11271.10 * 1e4 * 10000 / 15 - 819.20 * 1e8,
    1e-3,
    "each survey with its finer-rounded figure",
  );
  const gansu = t.provinces.find((r) => r.code === "620000")!;
  assertEquals(gansu.area2009Basis, "change");
  assertAlmostEquals(gansu.changeM2, -301.14 * 1e4 * 10000 / 15, 1e-3);
  const paired = t.provinces.filter((r) => Number.isFinite(r.area2019M2) && Number.isFinite(r.area2009M2));
  const shift = t.shifts.find((s) => s.set === "paired")!;
  assertEquals(shift.provinces, paired.length);
  const c09 = t.centres.find((c) => c.set === "paired" && c.survey === "2009")!;
  assertAlmostEquals(c09.weightM2, paired.reduce((s, r) => s + r.area2009M2, 0), 1);
  assert(shift.distanceKm > 0 && shift.bearingDeg >= 0 && shift.bearingDeg < 360);
  assert(
    t.shifts.every((s) =>
      s.set !== "paired_no_poor" ||
      s.provinceNames.every((n) => !["四川省", "新疆维吾尔自治区", "内蒙古自治区"].includes(n))
    ),
  );
  const sum19 = t.byRegionType.reduce((s, r) => s + r.area2019M2, 0);
  assertAlmostEquals(sum19, checkProvinceSum(data.sandiao).sumM2, 1);
  assert(t.notes[0] === DEFINITION_CHANGE_NOTE && DEFINITION_CHANGE_NOTE.includes("口径"));
  assertEquals(t.provinces.find((r) => r.code === "150000")!.regionType, "grain");
  assertEquals(
    publicTrends(data, { moveInnerMongolia: true }).provinces.find((r) => r.code === "150000")!.regionType,
    "fragile",
  );
  const q = data.quality.find((r) => r.indicator === "平均质量等别")!;
  assertEquals([q.value, q.unit], [9.96, "等"]);
});
