import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  allLandClasses,
  allowedSuffixedCodes,
  assertSchemeLoaded,
  FARMLAND_CODES,
  isCandidateClass,
  isFarmland,
  isWetlandClass,
  landClassName,
  LandClassSchemeError,
  lookupLandClass,
  lookupUrbanAttribute,
} from "../../src/units/landclass.ts";

/** Every code DOMAIN.md §2 names, with its expected name and base code. */
const DOMAIN_CODES: [string, string, string][] = [
  ["0101", "水田", "0101"],
  ["0102", "水浇地", "0102"],
  ["0103", "旱地", "0103"],
  ["0201", "果园", "0201"],
  ["0202", "茶园", "0202"],
  ["0203", "橡胶园", "0203"],
  ["0204", "其他园地", "0204"],
  ["0301", "乔木林地", "0301"],
  ["0302", "竹林地", "0302"],
  ["0303", "红树林地", "0303"],
  ["0304", "森林沼泽", "0304"],
  ["0305", "灌木林地", "0305"],
  ["0306", "灌丛沼泽", "0306"],
  ["0307", "其他林地", "0307"],
  ["0401", "天然牧草地", "0401"],
  ["0402", "沼泽草地", "0402"],
  ["0403", "人工牧草地", "0403"],
  ["0404", "其他草地", "0404"],
  ["1104", "坑塘水面", "1104"],
  ["1006", "农村道路", "1006"],
  ["1107", "沟渠", "1107"],
  ["1202", "设施农用地", "1202"],
  ["1203", "田坎", "1203"],
  ["0201K", "可调整果园", "0201"],
  ["0301K", "可调整乔木林地", "0301"],
  ["0403K", "可调整人工牧草地", "0403"],
  ["1104K", "可调整养殖坑塘", "1104"],
  ["1104A", "养殖坑塘", "1104"],
  ["05H1", "商业服务业设施用地", "05H1"],
  ["08H1", "机关团体新闻出版用地", "08H1"],
  ["08H2", "科教文卫用地", "08H2"],
  ["08H2A", "高教用地", "08H2"],
  ["0810A", "广场用地", "0810"],
  ["1107A", "干渠", "1107"],
  ["09", "特殊用地", "09"],
];

Deno.test("every code of DOMAIN.md §2 is found with its name and base code", () => {
  for (const [code, name, base] of DOMAIN_CODES) {
    const lc = lookupLandClass(code);
    assert(lc !== null, `${code} missing`);
    assertEquals(lc.name, name, code);
    assertEquals(lc.baseCode, base, code);
    assertEquals(landClassName(code), name);
  }
});

Deno.test("table shape: 69 codes, unique, all suffixed codes map to a base row", () => {
  const all = allLandClasses();
  assertEquals(all.length, 69);
  assertEquals(new Set(all.map((c) => c.code)).size, 69);
  assertEquals(allowedSuffixedCodes(), [
    "0201K",
    "0202K",
    "0203K",
    "0204K",
    "0301K",
    "0302K",
    "0307K",
    "0403K",
    "08H2A",
    "0810A",
    "1104A",
    "1104K",
    "1107A",
  ]);
  assertEquals(all.filter((c) => c.isWetland).map((c) => c.code).sort(), [
    "0303",
    "0304",
    "0306",
    "0402",
    "0603",
    "1105",
    "1106",
    "1108",
  ]);
  for (const c of all) assertEquals(c.isFarmland, FARMLAND_CODES.includes(c.baseCode), c.code);
});

Deno.test("0201K counts as 0201: not farmland, adjustable", () => {
  const lc = lookupLandClass("0201K")!;
  assertEquals(lc.baseCode, "0201");
  assertEquals(lc.baseName, "果园");
  assertEquals(lc.suffix, "K");
  assertEquals(lc.isAdjustable, true);
  assertEquals(lc.isFarmland, false);
  assertEquals(lc.level1Code, "02");
  assertEquals(lc.level1Name, "种植园用地");
  assertEquals(isFarmland("0201K"), false);
  assertEquals(lookupLandClass("1104A")!.isAdjustable, false);
  assertEquals(lookupLandClass("1104A")!.suffix, "A");
});

Deno.test("farmland", () => {
  assertEquals(FARMLAND_CODES, ["0101", "0102", "0103"]);
  for (const c of FARMLAND_CODES) assert(isFarmland(c), c);
  assertEquals(isFarmland("0404"), false);
  assertEquals(isFarmland("9999"), false);
});

Deno.test("normalisation of whitespace, case and full-width characters", () => {
  assertEquals(lookupLandClass(" 0201k ")!.code, "0201K");
  assertEquals(lookupLandClass("０１０１")!.name, "水田");
  assertEquals(lookupLandClass("08h2a")!.name, "高教用地");
  assertEquals(lookupLandClass("01 01")!.code, "0101");
});

Deno.test("unknown codes are null, never guessed", () => {
  assertEquals(lookupLandClass("9999"), null);
  assertEquals(lookupLandClass(""), null);
  assertEquals(lookupLandClass("101"), null); // lost leading zero: not repaired
  assertEquals(lookupLandClass("0305K"), null); // no such 可调整地类 in the sources
  assertEquals(lookupLandClass("0101K"), null);
  assertEquals(lookupLandClass("203"), null); // 城镇村属性码, not a DLBM
  assertEquals(landClassName("9999"), null);
});

Deno.test("candidates per DOMAIN.md §4.1", () => {
  for (
    const c of [
      "0201",
      "0204K",
      "0301",
      "0302K",
      "0305",
      "0307",
      "0401",
      "0403",
      "0403K",
      "1104",
      "1104A",
      "1104K",
    ]
  ) {
    assert(isCandidateClass(c), `${c} should be a candidate`);
  }
  for (const c of ["0404", "0101", "1107", "1202", "1103", "0603", "9999"]) {
    assertEquals(isCandidateClass(c), false, c);
  }
  for (const c of ["0303", "0304", "0306", "0402"]) {
    assertEquals(isCandidateClass(c), false, `${c} excluded by default`);
    assertEquals(isCandidateClass(c, { includeWetland: true }), true, `${c} with includeWetland`);
  }
  assertEquals(isCandidateClass("1105", { includeWetland: true }), false);
});

Deno.test("wetland classes", () => {
  assert(isWetlandClass("0402"));
  assert(isWetlandClass("1108"));
  assertEquals(isWetlandClass("0401"), false);
  assertEquals(lookupLandClass("0303")!.level1Name, "湿地");
});

Deno.test("schemes: ydyh is refused, never guessed", () => {
  assertSchemeLoaded("sandiao");
  const e = assertThrows(() => lookupLandClass("0403", "ydyh"), LandClassSchemeError, "未加载");
  assert(e.message.includes("用地用海"), e.message);
  assertThrows(() => isCandidateClass("0403", { scheme: "ydyh" }), LandClassSchemeError);
  assertThrows(() => isFarmland("0101", "ydyh"), LandClassSchemeError);
  assertThrows(() => assertSchemeLoaded("ydyh"), LandClassSchemeError);
  assertThrows(() => lookupLandClass("0101", "erdiao"), LandClassSchemeError, "未知");
});

Deno.test("城镇村属性码 live in their own table", () => {
  assertEquals(lookupUrbanAttribute("203"), { code: "203", name: "村庄" });
  assertEquals(lookupUrbanAttribute("201a")!.name, "城市独立工业用地");
  assertEquals(lookupUrbanAttribute("0101"), null);
});
