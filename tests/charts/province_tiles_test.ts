/** The province tile grid: one tile per province, no shared cell, 无数据 for a missing value, order of colours. */
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { PROVINCE_TILES, provinceTilesChart } from "../../src/charts/province_tiles.ts";
import { REAL_PROVINCE_CODES } from "../../src/units/admin.ts";
import { luminance, matchSnapshot, texts } from "./_geo_svg.ts";

const MAINLAND = REAL_PROVINCE_CODES.filter((c) => !["71", "81", "82"].includes(c));

const ROWS = [
  { code: "13", value: 9051.26 },
  { code: "41", value: 11271.1 },
  { code: "63", value: 846.3 },
  { code: "34", value: 8320.35 },
  { code: "11", value: null },
];

Deno.test("province tiles match their snapshot", async () => {
  await matchSnapshot(
    provinceTilesChart(ROWS, { highlight: "13", caption: "来源：测试" }),
    "province_tiles.svg",
  );
});

Deno.test("province tiles: each of the 31 provinces has exactly one tile, and no two tiles share a cell", () => {
  assertEquals(MAINLAND.length, 31);
  const mainland = PROVINCE_TILES.filter((t) => !t.other);
  assertEquals(mainland.map((t) => t.code).sort(), [...MAINLAND].sort());
  const cells = new Set(PROVINCE_TILES.map((t) => `${t.col},${t.row}`));
  assertEquals(cells.size, PROVINCE_TILES.length, "a cell holds two tiles");
  assertEquals(
    new Set(PROVINCE_TILES.map((t) => t.short)).size,
    PROVINCE_TILES.length,
    "a short name is used twice",
  );
  for (const t of PROVINCE_TILES) assert(t.col >= 0 && t.col < 7 && t.row >= 0 && t.row < 8, t.code);
  // and in the drawing: every short name once (others hidden: 31 tiles)
  const words = texts(provinceTilesChart(ROWS, { others: "hide" }));
  for (const t of mainland) assertEquals(words.filter((w) => w === t.short).length, 1, t.short);
  for (const s of ["台", "港", "澳"]) assert(!words.includes(s), s);
  const all = texts(provinceTilesChart(ROWS));
  for (const s of ["台", "港", "澳"]) assertEquals(all.filter((w) => w === s).length, 1, s);
});

Deno.test("province tiles: rough geography (north above south, west left of east)", () => {
  const at = (code: string) => PROVINCE_TILES.find((t) => t.code === code)!;
  assert(at("23").row < at("22").row && at("22").row < at("21").row, "黑 over 吉 over 辽");
  assert(at("65").row < at("54").row, "新 over 藏");
  assert(
    at("65").col < at("62").col && at("62").col < at("41").col && at("41").col < at("37").col,
    "新 … 鲁 west to east",
  );
  assert(at("51").row < at("53").row && at("44").row < at("46").row, "川 over 云, 粤 over 琼");
  assert(at("31").col > at("32").col, "沪 east of 苏");
});

Deno.test("province tiles: a missing value renders as 无数据, never NaN, and is counted in the key", () => {
  const rows = [
    { code: "13", value: 9051.26 },
    { code: "14", value: NaN },
    { code: "15", value: null },
    { code: "21", value: Infinity },
  ];
  const svg = provinceTilesChart(rows);
  assert(!svg.includes("NaN"), "NaN printed");
  assert(!svg.includes("Infinity"), "Infinity printed");
  const words = texts(svg);
  // 30 provinces without a finite figure (3 given as non-finite, 27 not given)
  assertEquals(words.filter((w) => w === "无数据").length, 30);
  assert(words.includes("无数据（30 个省份）"), "key counts the missing provinces");
  assert(words.includes("9,051"), "the value of 河北 is printed in its tile");
  assert(svg.includes("<title>山西省：无数据</title>"));
});

Deno.test("province tiles: sequential colours darken with the value; diverging signs and colours split at the pivot", () => {
  const fillOf = (svg: string, name: string) => {
    const m = svg.match(new RegExp(`<rect[^>]*fill="([^"]+)"[^>]*>\\s*<title>${name}：`));
    assert(m, `no tile for ${name}`);
    return m![1];
  };
  const seq = provinceTilesChart(ROWS);
  assert(luminance(fillOf(seq, "河南省")) < luminance(fillOf(seq, "河北省")));
  assert(luminance(fillOf(seq, "河北省")) < luminance(fillOf(seq, "青海省")));
  const div = provinceTilesChart([{ code: "13", value: -4.2 }, { code: "41", value: 3.1 }, {
    code: "63",
    value: 0.5,
  }], {
    scale: "diverging",
  });
  const words = texts(div);
  assert(words.includes("−4.2") && words.includes("+3.1") && words.includes("+0.5"), words.join(" "));
  const rgb = (c: string) => c.match(/\d+/g)!.map(Number);
  const [r1, g1] = rgb(fillOf(div, "河北省")), [r2, g2] = rgb(fillOf(div, "河南省"));
  assert(r1 > g1, "a loss is brown (more red than green)");
  assert(g2 > r2, "a gain is blue-green");
  assert(div.includes("较二调变化（%）"));
});

Deno.test("province tiles: the caption says it is a schematic, the region is outlined, text is escaped", () => {
  const svg = provinceTilesChart(ROWS, {
    highlight: "130000",
    title: "<script>x</script>&",
    caption: "来源：<b>公报</b>",
  });
  assert(svg.includes("示意图，非地图"));
  assert(svg.includes("示意图 非地图"), "also inside the drawing");
  assert(svg.includes("来源：&lt;b&gt;公报&lt;/b&gt;"));
  assert(svg.includes("&lt;script&gt;x&lt;/script&gt;&amp;") && !svg.includes("<script>"));
  assert(
    /stroke-width="4"[^>]*stroke="#000"|stroke="#000"[^>]*stroke-width="4"/.test(svg),
    "highlight outline",
  );
  assert(texts(svg).includes("本省"));
});

Deno.test("province tiles: a code given twice or not a province is an error", () => {
  assertThrows(() => provinceTilesChart([{ code: "13", value: 1 }, { code: "13", value: 2 }]), Error, "重复");
  assertThrows(() => provinceTilesChart([{ code: "90", value: 1 }]), Error, "90");
  assertThrows(() => provinceTilesChart([{ code: "1301", value: 1 }]), Error, "2 位");
});
