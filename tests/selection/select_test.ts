/**
 * Selection on hand-made pools whose optimal choice is known by enumeration: cheaper cover than
 * the rule order, the grade constraint binding, paddy shortfall reported, 建议恢复 only after
 * 可以恢复 runs out, county → city → province with a known split, and the reasons.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { selectGreedy, selectRestorations } from "../../src/selection/select.ts";
import type { PoolPiece } from "../../src/selection/types.ts";
import { M2_PER_MU } from "../../src/units/area.ts";
import { need, piece } from "./_fixtures.ts";

const ids = (r: { choices: { piece: PoolPiece }[] }) => r.choices.map((c) => c.piece.bsm).sort();
const cost = (r: { needs: { costWan: number }[] }) => r.needs.reduce((t, n) => t + n.costWan, 0);

Deno.test("optimiser finds the cheaper cover where the rule order overshoots", async () => {
  // Need 10 亩. Rule order (cheapest per 亩 first): C (4 亩) then A (7 亩) = 11 亩, 4 + 14 = 18 万元.
  // Enumeration: {B, C} = 10 亩, 4 + 12.6 = 16.6 万元 is the cheapest cover.
  const pool = [
    piece("A", 7, { costPerMu: 2 }),
    piece("B", 6, { costPerMu: 2.1 }),
    piece("C", 4, { costPerMu: 1 }),
  ];
  const opt = await selectRestorations([need(10)], pool);
  const greedy = selectGreedy([need(10)], pool);
  assertEquals(ids(greedy), ["A", "C"]);
  assertAlmostEquals(cost(greedy), 18, 1e-9);
  assertEquals(ids(opt), ["B", "C"]);
  assertAlmostEquals(cost(opt), 16.6, 1e-9);
  assertEquals(opt.solves[0].method, "optimal");
  assert(opt.solves[0].greedyMeets && opt.solves[0].referenceHeld);
  assertAlmostEquals(opt.needs[0].uncoveredM2, 0, 1e-6);
  const c = opt.choices.find((x) => x.piece.bsm === "C")!;
  assert(
    c.reason.startsWith(
      "选入：可以恢复，集中连片潜力图斑I型，毗邻永久基本农田，等别 5.0（毗邻耕地），1.00 万元/亩",
    ),
    c.reason,
  );
  assert(
    c.reason.includes("未选 A#1：同为可以恢复、集中连片潜力图斑I型，成本 2.00 万元/亩高于已选 1.00 万元/亩"),
    c.reason,
  );
  const a = opt.unused.find((u) => u.piece.bsm === "A")!;
  assert(/以其替换已选 B#1 虽仍满足要求，但成本增加 1\.40 万元/.test(a.reason), a.reason);
});

Deno.test("grade constraint binds: the poorer cheap piece cannot carry the quality claim", async () => {
  // X (集中 I型, grade 7, 1 万元/亩) covers 10 亩 alone; Y (集中 II型, grade 4, 3 万元/亩) meets grade 5.
  const pool = [
    piece("X", 10, { grade: 7, costPerMu: 1 }),
    piece("Y", 10, { grade: 4, costPerMu: 3, cls: "II_CONTIG" }),
  ];
  const free = await selectRestorations([need(10)], pool);
  assertEquals(ids(free), ["X"]);
  assertEquals(free.needs[0].gradeStatus, "不适用");
  const graded = await selectRestorations([need(10, { grade: 5 })], pool);
  assertEquals(ids(graded), ["Y"]);
  assertEquals(graded.needs[0].gradeStatus, "达到");
  assertAlmostEquals(graded.needs[0].gradeIn!, 4, 1e-12);
  // The rule order takes X first (class); adding Y would still miss grade 5 ((10·7 + 10·4)/20 = 5.5), so it adds nothing.
  const greedy = selectGreedy([need(10, { grade: 5 })], pool);
  assertEquals(ids(greedy), ["X"]);
  assertEquals(greedy.needs[0].gradeStatus, "未达到");
  assertEquals(graded.solves[0].greedyMeets, false);
  const x = graded.unused.find((u) => u.piece.bsm === "X")!;
  assert(x.reason.includes("平均等别将劣于转出"), x.reason);
});

Deno.test("未评定 pieces count as grade 15 in the quality bound", async () => {
  // U is 未评定 and cheapest; with it the bound (10·15 + 5·3)/15 = 11 > 6, so it cannot be used.
  const pool = [
    piece("U", 10, { grade: null, gradeSource: null, costPerMu: 0.5 }),
    piece("G", 12, { grade: 6, costPerMu: 2 }),
  ];
  const r = await selectRestorations([need(10, { grade: 6 })], pool);
  assertEquals(ids(r), ["G"]);
  assertEquals(r.needs[0].gradeStatus, "达到");
  const noGrade = await selectRestorations([need(10, { grade: 6 })], [pool[0]]);
  assertEquals(noGrade.needs[0].gradeApplied, false, "no graded piece in the pool: no constraint");
  assertEquals(noGrade.needs[0].gradeStatus, "未评定");
  assertEquals(ids(noGrade), ["U"]);
});

Deno.test("paddy shortfall is reported when the pool cannot match the paddy that left", async () => {
  const pool = [
    piece("N", 10, { paddyCapable: false, costPerMu: 1 }),
    piece("P", 4, { costPerMu: 3 }),
    piece("Q", 20, { paddyCapable: false, costPerMu: 0.5, county: "900102" }),
  ];
  const r = await selectRestorations([need(10, { paddyMu: 8 })], pool);
  assertEquals(ids(r), ["N", "P"]);
  const n = r.needs[0];
  assertAlmostEquals(n.paddyM2 / M2_PER_MU, 4, 1e-9);
  assertAlmostEquals(n.paddyShortfallM2 / M2_PER_MU, 4, 1e-9);
  assertAlmostEquals(n.uncoveredM2, 0, 1e-6);
  assertEquals(n.levels.map((l) => [l.level, Number((l.remainingPaddyM2 / M2_PER_MU).toFixed(6))]), [
    ["county", 4],
    ["city", 4],
    ["province", 4],
  ]);
  assert(n.summary.includes("水田短缺 4.00 亩"), n.summary);
  assertEquals(r.unused.map((u) => u.piece.bsm), ["Q"]);
  assert(r.unused[0].reason.includes("市域调剂"), r.unused[0].reason);
});

Deno.test("建议恢复 only after 可以恢复 runs out, and only as far as needed", async () => {
  const pool = [
    piece("K1", 4, { costPerMu: 2.9 }),
    piece("K2", 3, { costPerMu: 2.5 }),
    piece("S1", 10, { result: "建议恢复", costPerMu: 1 }),
    piece("S2", 3, { result: "建议恢复", costPerMu: 1.5 }),
    piece("S3", 4, { result: "建议恢复", costPerMu: 1.2 }),
  ];
  // 可以恢复 suffice for 6 亩: S1 alone would be cheaper but is not taken.
  const six = await selectRestorations([need(6)], pool);
  assertEquals(ids(six), ["K1", "K2"]);
  const s1 = six.unused.find((u) => u.piece.bsm === "S1")!;
  assert(
    s1.reason.includes("可以恢复的图斑尚未用尽，按规则不取用") ||
      s1.reason.includes("可以恢复的图斑未用尽时取用建议恢复"),
    s1.reason,
  );
  // 10 亩: K1 + K2 = 7 亩 first, then the cheapest 建议恢复 making up 3 亩: S2 (4.5 万元) rather than S3 (4.8) or S1 (10).
  const ten = await selectRestorations([need(10)], pool);
  assertEquals(ids(ten), ["K1", "K2", "S2"]);
  // The rule order takes the cheapest 建议恢复 per 亩, S1, whole: 29.1 万元 against 23.6.
  const greedy = selectGreedy([need(10)], pool);
  assertEquals(ids(greedy), ["K1", "K2", "S1"]);
  assertAlmostEquals(cost(greedy), 29.1, 1e-9);
  assertAlmostEquals(cost(ten), 23.6, 1e-9);
});

Deno.test("county → city → province fallback with a known split", async () => {
  const pool = [
    piece("101A", 8, { county: "900101", costPerMu: 2 }),
    piece("102A", 4, { county: "900102", costPerMu: 1 }),
    piece("102B", 5, { county: "900102", costPerMu: 2 }),
    piece("201C", 10, { county: "900201", costPerMu: 3 }),
    piece("201D", 7, { county: "900201", costPerMu: 4 }),
    piece("201E", 3, { county: "900201", costPerMu: 1 }),
  ];
  const needs = [need(20, { county: "900101" }), need(3, { county: "900102" })];
  const r = await selectRestorations(needs, pool);
  const n101 = r.needs.find((n) => n.need.county === "900101")!;
  const split = n101.levels.map((l) => ({
    level: l.level,
    scope: l.scope,
    mu: Number((l.areaM2 / M2_PER_MU).toFixed(6)),
    from: l.from.map((f) => f.county),
    left: Number((l.remainingM2 / M2_PER_MU).toFixed(6)),
  }));
  assertEquals(split, [
    { level: "county", scope: "900101", mu: 8, from: ["900101"], left: 12 },
    { level: "city", scope: "9001", mu: 5, from: ["900102"], left: 7 },
    { level: "province", scope: "90", mu: 7, from: ["900201"], left: 0 },
  ]);
  assertEquals(n101.choices.map((c) => [c.piece.bsm, c.level]), [["101A", "county"], ["102B", "city"], [
    "201D",
    "province",
  ]]);
  const n102 = r.needs.find((n) => n.need.county === "900102")!;
  assertEquals(ids(n102), ["102A"]);
  assertEquals(n102.levels.length, 1, "covered at home: no fallback");
  const city = n101.choices.find((c) => c.level === "city")!;
  assert(city.reason.includes("市域调剂：900102 的剩余图斑，补 900101 的缺口"), city.reason);
  assertEquals(r.unused.map((u) => u.piece.bsm).sort(), ["201C", "201E"]);
});

Deno.test("a need the whole province cannot cover keeps its gap, recorded at each level", async () => {
  const r = await selectRestorations([need(30)], [piece("A", 8), piece("B", 5, { county: "900102" })]);
  const n = r.needs[0];
  assertEquals(n.levels.map((l) => Number((l.remainingM2 / M2_PER_MU).toFixed(6))), [22, 17, 17]);
  assertEquals(n.levels[2].open, 0);
  assertAlmostEquals(n.uncoveredM2 / M2_PER_MU, 17, 1e-9);
  assert(n.summary.includes("剩余缺口 17.00 亩"), n.summary);
});
