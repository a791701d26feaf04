/**
 * Occupation-side checks of the 占补 audit, each on a small case that triggers it and one that
 * does not: 占多补少, 占优补劣, 占水田补旱地, 占整补零, 占而不补, 永久基本农田或高标准农田成片占用; exempt
 * national key projects kept apart; fragile-area retirement of marginal farmland not 占多补少
 * while the same numbers in a grain county are.
 */
import { assert, assertEquals } from "../_assert.ts";
import { runAudit } from "../../src/audit/audit.ts";
import type { AuditResult } from "../../src/audit/audit.ts";
import { defaultAuditConfig } from "../../src/audit/config.ts";
import {
  memorySurvey,
  type MemorySurveyInput,
  occupationRecord,
  parcelHistory,
  supplementRecord,
} from "../../src/audit/memory.ts";
import type { SurveyRow } from "../../src/audit/types.ts";
import { openEngine } from "../../src/db/engine.ts";

const C = "900101";
const cfg = defaultAuditConfig();
/** One in-memory DuckDB for the file (each audit replaces its tables). */
const engine = await openEngine();

/** An occupied parcel: farmland in 2020, built on in 2021. */
function occ(bsm: string, farm: Partial<SurveyRow> = {}, county = C): SurveyRow[] {
  return parcelHistory(county, bsm, {
    2020: { dlbm: "0101", gddb: 3, gdpdjb: 1, ...farm },
    2021: { dlbm: "0702" },
    2022: { dlbm: "0702" },
  });
}

/** A supplemented parcel: 其他草地 in 2020, farmland from 2021. */
function sup(bsm: string, state: Partial<SurveyRow> = {}, county = C): SurveyRow[] {
  return parcelHistory(county, bsm, {
    2020: { dlbm: "0404" },
    2021: { dlbm: "0101", gddb: 3, gdpdjb: 1, ...state },
    2022: { dlbm: "0101", gddb: 3, gdpdjb: 1, ...state },
  });
}

interface Case {
  rows: SurveyRow[];
  occBsms?: string[];
  supBsms?: string[] | null;
  key?: boolean;
  type?: string;
  mem?: Omit<MemorySurveyInput, "rows">;
}

async function audit(c: Case): Promise<AuditResult> {
  const occupations = [
    occupationRecord({
      id: "ZY1",
      county: C,
      year: 2021,
      keyProject: c.key ?? false,
      bsms: c.occBsms ?? ["A", "B"],
    }),
  ];
  const supplements = c.supBsms === null ? [] : [
    supplementRecord({
      id: "BC1",
      county: C,
      year: 2021,
      occupationId: "ZY1",
      bsms: c.supBsms ?? ["C", "D"],
    }),
  ];
  return await runAudit(
    {
      occupations,
      supplements,
      survey: memorySurvey({ rows: c.rows, adjacent: [["A", "B"], ["C", "D"]], ...c.mem }),
      adminTypes: new Map([[C, c.type ?? "grain"]]),
    },
    cfg,
    { engine },
  );
}

const codes = (r: AuditResult) => r.flags.map((f) => f.code + (f.sub ? `/${f.sub}` : ""));
const base = (): SurveyRow[] => [...occ("A"), ...occ("B"), ...sup("C"), ...sup("D")];

Deno.test("audit: a compliant occupation and supplement raise nothing, and balance both sides", async () => {
  const r = await audit({ rows: base() });
  assertEquals(codes(r), []);
  const o = r.occupations[0];
  assertEquals([o.source, o.occAreaM2, o.supAreaM2, o.occPaddyM2, o.supPaddyM2], [
    "survey",
    20000,
    20000,
    20000,
    20000,
  ]);
  assertEquals([o.occGrade, o.supGrade], [3, 3]);
  assertEquals(Math.round(o.occCapacityKg!), 27000); // 30 亩 × 900 kg/亩 (default table, grade 3)
  assertEquals(r.balance.length, 1);
  assertEquals(r.verdicts[0].status, "pass");
});

const dryBase = (): SurveyRow[] => [
  ...occ("A", { dlbm: "0103" }),
  ...occ("B", { dlbm: "0103" }),
  ...sup("C", { dlbm: "0103" }),
  ...sup("D", { dlbm: "0103" }),
];

Deno.test("占多补少: supplement below the occupied area; none when equal", async () => {
  const r = await audit({ rows: dryBase(), supBsms: ["C"] });
  assertEquals(codes(r), ["occupy_more_supplement_less"]);
  const f = r.flags[0];
  assertEquals([f.measures.occ_m2, f.measures.sup_m2, f.measures.short_m2], [20000, 10000, 10000]);
  assertEquals(f.occupationIds, ["ZY1"]);
  assertEquals(f.supplementIds, ["BC1"]);
  assert(f.bsms.includes("A") && f.bsms.includes("C"));
  assert(f.evidence.includes("15.00 亩") && f.evidence.includes("阈值"), f.evidence);
  assertEquals(codes(await audit({ rows: dryBase() })), []);
});

Deno.test("占优补劣: supplement grade worse by more than the tolerance; 0.4 worse is not", async () => {
  const worse = [...occ("A"), ...occ("B"), ...sup("C", { gddb: 6 }), ...sup("D", { gddb: 6 })];
  const r = await audit({ rows: worse });
  assertEquals(codes(r), ["occupy_better_supplement_worse"]);
  assertEquals([r.flags[0].measures.occ_grade, r.flags[0].measures.sup_grade], [3, 6]);
  assert(r.flags[0].evidence.includes("产能"), r.flags[0].evidence);
  const slight = [
    ...occ("A"),
    ...occ("B"),
    ...sup("C", { gddb: 3 }),
    ...sup("D", { gddb: 4, tbdlmj: 6667 }),
    ...sup("E", { gddb: 3, tbdlmj: 3333 }),
  ];
  assertEquals(
    codes(
      await audit({ rows: slight, supBsms: ["C", "D", "E"], mem: { adjacent: [["C", "D"], ["D", "E"]] } }),
    ),
    [],
  );
});

Deno.test("占水田补旱地: paddy occupied, dry land supplemented; paddy for paddy is fine", async () => {
  const dry = [...occ("A"), ...occ("B"), ...sup("C", { dlbm: "0103" }), ...sup("D", { dlbm: "0103" })];
  const r = await audit({ rows: dry });
  assertEquals(codes(r), ["paddy_to_dry"]);
  assertEquals([r.flags[0].measures.occ_paddy_m2, r.flags[0].measures.sup_paddy_m2], [20000, 0]);
  assertEquals(r.flags[0].bsms.slice(0, 2), ["A", "B"]);
  const dryForDry = [
    ...occ("A", { dlbm: "0103" }),
    ...occ("B", { dlbm: "0103" }),
    ...sup("C", { dlbm: "0103" }),
    ...sup("D", { dlbm: "0103" }),
  ];
  assertEquals(codes(await audit({ rows: dryForDry })), []);
});

Deno.test("占整补零: one block occupied, scattered small pieces supplemented; adjoining pieces are not", async () => {
  const rows = [...occ("A"), ...occ("B"), ...["C", "D", "E", "F"].flatMap((b) => sup(b, { tbdlmj: 6000 }))];
  const scattered = await audit({ rows, supBsms: ["C", "D", "E", "F"], mem: { adjacent: [["A", "B"]] } });
  assertEquals(codes(scattered), ["whole_to_fragments"]);
  assertEquals([
    scattered.flags[0].measures.occ_fragment_share,
    scattered.flags[0].measures.sup_fragment_share,
  ], [0, 1]);
  const joined = await audit({
    rows,
    supBsms: ["C", "D", "E", "F"],
    mem: { adjacent: [["A", "B"], ["C", "D"], ["D", "E"], ["E", "F"]] },
  });
  assertEquals(codes(joined), []);
});

Deno.test("占而不补: an occupation with no linked supplement; linked is fine", async () => {
  const r = await audit({ rows: base(), supBsms: null });
  assertEquals(codes(r), ["occupied_not_supplemented"]);
  assertEquals(r.flags[0].measures.occ_m2, 20000);
  assertEquals(r.flags[0].bsms, ["A", "B"]);
  assertEquals(r.balance[0].unsupplementedM2, 20000);
  assertEquals(codes(await audit({ rows: base() })), []);
});

Deno.test("永久基本农田或高标准农田成片占用: a contiguous block ≥ 50 亩 in the layer; scattered or small is not", async () => {
  const rows = [
    ...occ("A", { tbdlmj: 20000 }),
    ...occ("B", { tbdlmj: 20000 }),
    ...sup("C", { tbdlmj: 20000 }),
    ...sup("D", { tbdlmj: 20000 }),
  ];
  const zones = { "2020/A": { pbfM2: 20000, hsfM2: 20000 }, "2020/B": { pbfM2: 20000 } };
  const block = await audit({ rows, mem: { zones } });
  assertEquals(codes(block), ["pbf_hsf_block/pbf"]);
  assertEquals(block.flags[0].measures.block_m2, 40000);
  assertEquals(block.occupations[0].occHsfM2, 20000);
  const apart = await audit({ rows, mem: { zones, adjacent: [["C", "D"]] } });
  assertEquals(codes(apart), []);
  const hsf = await audit({
    rows,
    mem: { zones: { "2020/A": { hsfM2: 20000 }, "2020/B": { hsfM2: 20000 } } },
  });
  assertEquals(codes(hsf), ["pbf_hsf_block/hsf"]);
});

Deno.test("without the layers the block check falls back on the recorded areas", async () => {
  const rows = [
    ...occ("A", { tbdlmj: 20000 }),
    ...occ("B", { tbdlmj: 20000 }),
    ...sup("C", { tbdlmj: 20000 }),
    ...sup("D", { tbdlmj: 20000 }),
  ];
  const r = await runAudit(
    {
      occupations: [
        occupationRecord({
          id: "ZY1",
          county: C,
          year: 2021,
          bsms: ["A", "B"],
          pbfM2: 40000,
          largestBlockM2: 40000,
        }),
      ],
      supplements: [
        supplementRecord({ id: "BC1", county: C, year: 2021, occupationId: "ZY1", bsms: ["C", "D"] }),
      ],
      survey: memorySurvey({ rows, layers: [], adjacent: [["A", "B"], ["C", "D"]] }),
    },
    cfg,
    { engine },
  );
  assertEquals(codes(r), ["pbf_hsf_block/pbf"]);
  assert(r.flags[0].evidence.includes("按项目记录"), r.flags[0].evidence);
});

Deno.test("national key projects: their findings are listed apart, never as violations", async () => {
  const r = await audit({ rows: base(), supBsms: null, key: true });
  assertEquals(r.flags, []);
  assertEquals(r.exempt.length, 1);
  assertEquals(r.exempt[0].occupation.id, "ZY1");
  assertEquals(r.exempt[0].flags.map((f) => f.code), ["occupied_not_supplemented"]);
  assert(r.exempt[0].flags.every((f) => f.exempt));
  const b = r.balance[0];
  assertEquals([b.occupations, b.occAreaM2, b.exemptOccupations, b.exemptAreaM2, b.violations], [
    0,
    0,
    1,
    20000,
    0,
  ]);
  assertEquals(r.verdicts[0].checks.find((c) => c.check === "quantity")!.status, "na");
});

Deno.test("fragile area retiring marginal farmland is not 占多补少; the same numbers in a grain county are", async () => {
  // A is marginal (slope grade 5), B is not; the supplement covers B only.
  const rows = [
    ...occ("A", { dlbm: "0103", gdpdjb: 5 }),
    ...occ("B", { dlbm: "0103" }),
    ...sup("C", { dlbm: "0103" }),
  ];
  const fragile = await audit({ rows, supBsms: ["C"], type: "fragile" });
  assertEquals(codes(fragile), []);
  assertEquals(fragile.occupations[0].retreatAllowedM2, 10000);
  assertEquals(fragile.balance[0].retreatAllowedM2, 10000);
  const q = fragile.verdicts[0].checks.find((c) => c.check === "quantity")!;
  assertEquals(q.status, "pass");
  assert(q.evidence.includes("退出边际耕地"), q.evidence);
  const grain = await audit({ rows, supBsms: ["C"], type: "grain" });
  assertEquals(codes(grain), ["occupy_more_supplement_less"]);
  assertEquals(grain.verdicts[0].checks.find((c) => c.check === "quantity")!.status, "fail");
  // A shortfall beyond the marginal land is 占多补少 in a fragile county too.
  const beyond = await audit({
    rows: [...rows, ...occ("E", { dlbm: "0103" })],
    occBsms: ["A", "B", "E"],
    supBsms: ["C"],
    type: "fragile",
  });
  assertEquals(codes(beyond), ["occupy_more_supplement_less"]);
  // The Chinese label in admin_units.csv means the same as the key.
  const byLabel = await audit({ rows, supBsms: ["C"], type: "生态脆弱区" });
  assertEquals(codes(byLabel), []);
  assertEquals(byLabel.regionTypes.get(C), { type: "fragile", source: "admin_units" });
  assertEquals(byLabel.occupations[0].retreatAllowedM2, 10000);
});

Deno.test("no admin_units.csv: the default region type is a warning naming the file and the counties, never silent", async () => {
  const rows = [...occ("A", { dlbm: "0103", gdpdjb: 5 }), ...occ("B", { dlbm: "0103" }), ...sup("C", { dlbm: "0103" })];
  const run = (missingAdminFile?: string, adminTypes = new Map<string, string>()) =>
    runAudit({
      occupations: [occupationRecord({ id: "ZY1", county: C, year: 2021, bsms: ["A", "B"] })],
      supplements: [supplementRecord({ id: "BC1", county: C, year: 2021, occupationId: "ZY1", bsms: ["C"] })],
      survey: memorySurvey({ rows, adjacent: [["A", "B"]] }),
      adminTypes,
      missingAdminFile,
    }, cfg, { engine });
  const missing = await run("data/x/admin_units.csv");
  assertEquals(missing.regionTypes.get(C)?.source, "default");
  const w = missing.notes[0];
  assert(w.startsWith("警告：未找到行政区表 data/x/admin_units.csv，1 个县（900101）按默认地区类型“未分类地区（通用规则）”判定红线"), w);
  assert(w.includes("生态脆弱区的边际耕地退出规则不适用于这些县"), w);
  // A file without this county's region_type: the same warning, saying why.
  const unlisted = await run(undefined, new Map([["900999", "fragile"]]));
  assert(unlisted.notes[0].startsWith("警告：行政区表 admin_units.csv 中没有这些县的 region_type"), unlisted.notes[0]);
  // A county with a type: no warning.
  const typed = await run(undefined, new Map([[C, "fragile"]]));
  assertEquals(typed.notes.filter((n) => n.startsWith("警告")), []);
});

Deno.test("audit occupation tests: close the engine", async () => {
  await engine.close();
});
