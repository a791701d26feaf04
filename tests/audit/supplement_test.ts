/**
 * Supplement-side checks of the 占补 audit, each on a small case that triggers it and one that
 * does not: 生态不稳定补充 (slope, flood line, former forest or grassland), 补充耕地撂荒闲置,
 * 补充耕地数据失真 (not found, not farmland when supplemented, not farmland in the latest survey),
 * 毁湿种地/毁林开荒, 劣地坡地生地补充. Supplements are checked against the surveys by BSM.
 */
import { assert, assertEquals } from "../_assert.ts";
import { type AuditResult, runAudit } from "../../src/audit/audit.ts";
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

/** Two occupied dry-land parcels, grade 12, 10,000 m² each. */
const occupied = (): SurveyRow[] =>
  ["A", "B"].flatMap((b) =>
    parcelHistory(C, b, {
      2020: { dlbm: "0103", gddb: 12 },
      2021: { dlbm: "0702" },
      2022: { dlbm: "0702" },
      2023: { dlbm: "0702" },
    })
  );

/** A supplemented parcel: `prior` in 2020, `state` from 2021, `later` overriding 2022 and 2023. */
function sup(
  bsm: string,
  o: {
    prior?: Partial<SurveyRow>;
    state?: Partial<SurveyRow>;
    y2022?: Partial<SurveyRow>;
    y2023?: Partial<SurveyRow>;
  } = {},
): SurveyRow[] {
  const state = { dlbm: "0103", gddb: 12, gdpdjb: 2, ...o.state };
  return parcelHistory(C, bsm, {
    2020: { dlbm: "0404", ...o.prior },
    2021: state,
    2022: { ...state, ...o.y2022 },
    2023: { ...state, ...o.y2022, ...o.y2023 },
  });
}

async function audit(
  rows: SurveyRow[],
  bsms = ["C", "D"],
  mem: Omit<MemorySurveyInput, "rows"> = {},
): Promise<AuditResult> {
  return await runAudit(
    {
      occupations: [occupationRecord({ id: "ZY1", county: C, year: 2021, bsms: ["A", "B"] })],
      supplements: [supplementRecord({ id: "BC1", county: C, year: 2021, occupationId: "ZY1", bsms })],
      survey: memorySurvey({ rows, adjacent: [["A", "B"], ["C", "D"]], ...mem }),
      adminTypes: new Map([[C, "grain"]]),
    },
    cfg,
    { engine },
  );
}

const codes = (r: AuditResult) => r.flags.map((f) => f.code + (f.sub ? `/${f.sub}` : ""));

Deno.test("supplement baseline: 其他草地 made into dry land of the same grade raises nothing", async () => {
  assertEquals(codes(await audit([...occupied(), ...sup("C"), ...sup("D")])), []);
});

Deno.test("生态不稳定补充 / slope: slope grade 5, or mostly inside the > 25° layer; a sliver is not", async () => {
  const graded = await audit([...occupied(), ...sup("C", { state: { gdpdjb: 5 } }), ...sup("D")]);
  assert(codes(graded).includes("eco_unstable/slope"), codes(graded).join());
  const f = graded.flags.find((x) => x.code === "eco_unstable")!;
  assertEquals([f.bsms, f.measures.area_m2, f.supplementIds, f.occupationIds], [["C"], 10000, ["BC1"], [
    "ZY1",
  ]]);
  const rows = [...occupied(), ...sup("C"), ...sup("D")];
  const inLayer = await audit(rows, ["C", "D"], { zones: { "2021/C": { slopeM2: 6000 } } });
  assertEquals(codes(inLayer), ["eco_unstable/slope"]);
  assertEquals(inLayer.flags[0].measures.area_m2, 6000);
  assertEquals(codes(await audit(rows, ["C", "D"], { zones: { "2021/C": { slopeM2: 3000 } } })), []);
});

Deno.test("生态不稳定补充 / flood: mostly inside the river-and-lake management range; outside is not", async () => {
  const rows = [...occupied(), ...sup("C"), ...sup("D")];
  const r = await audit(rows, ["C", "D"], {
    zones: { "2021/C": { floodM2: 8000 }, "2021/D": { floodM2: 9000 } },
  });
  assertEquals(codes(r), ["eco_unstable/flood"]);
  assertEquals(r.flags[0].measures.area_m2, 17000);
  assert(r.flags[0].evidence.includes("河湖管理范围"), r.flags[0].evidence);
  assertEquals(r.balance[0].ecoFloodM2, 17000);
  assertEquals(codes(await audit(rows, ["C", "D"], { zones: { "2021/C": { floodM2: 2000 } } })), []);
});

Deno.test("生态不稳定补充 / forest_grass: former grassland (not 其他草地) or a pastoral-area parcel; 其他草地 is not", async () => {
  const grass = await audit([...occupied(), ...sup("C", { prior: { dlbm: "0401" } }), ...sup("D")]);
  assertEquals(codes(grass), ["eco_unstable/forest_grass"]);
  assert(grass.flags[0].evidence.includes("原地类 0401"), grass.flags[0].evidence);
  const pastoral = await audit([...occupied(), ...sup("C", { state: { tbxh: "MQGD" } }), ...sup("D")]);
  assertEquals(codes(pastoral), ["eco_unstable/forest_grass"]);
  assertEquals(
    codes(await audit([...occupied(), ...sup("C", { prior: { dlbm: "0404" } }), ...sup("D")])),
    [],
  );
});

Deno.test("毁湿种地/毁林开荒: prior class wetland or forest (the survey before the supplement year); orchard is not", async () => {
  const wet = await audit([...occupied(), ...sup("C", { prior: { dlbm: "0402" } }), ...sup("D")]);
  assertEquals(codes(wet), ["wetland_forest_destroyed/wetland"]);
  assertEquals(wet.flags[0].bsms, ["C"]);
  assert(wet.flags[0].evidence.includes("原地类 0402"), wet.flags[0].evidence);
  const forest = await audit([
    ...occupied(),
    ...sup("C", { prior: { dlbm: "0301" } }),
    ...sup("D", { prior: { dlbm: "0301K" } }),
  ]);
  // Former forest is also an ecologically unstable supplement (on forest land).
  assertEquals(codes(forest), ["eco_unstable/forest_grass", "wetland_forest_destroyed/forest"]);
  assertEquals(forest.flags[1].measures.area_m2, 20000);
  assertEquals(
    codes(await audit([...occupied(), ...sup("C", { prior: { dlbm: "0201" } }), ...sup("D")])),
    [],
  );
});

Deno.test("补充耕地撂荒闲置: WG or not farmland in a later survey; farmed on is not", async () => {
  const wg = await audit([
    ...occupied(),
    ...sup("C", { y2022: { zzsx: "WG" }, y2023: { zzsx: "LS" } }),
    ...sup("D"),
  ]);
  assertEquals(codes(wg), ["supplement_abandoned"]);
  assertEquals(wg.flags[0].bsms, ["C"]);
  assert(wg.flags[0].evidence.includes("2022年"), wg.flags[0].evidence);
  const orchard = await audit([
    ...occupied(),
    ...sup("C", { y2022: { dlbm: "0201" }, y2023: { dlbm: "0103" } }),
    ...sup("D"),
  ]);
  assertEquals(codes(orchard), ["supplement_abandoned"]);
  assertEquals(codes(await audit([...occupied(), ...sup("C"), ...sup("D")])), []);
});

Deno.test("补充耕地数据失真: not farmland in the latest survey, not farmland when supplemented, or no such parcel", async () => {
  const latest = await audit([...occupied(), ...sup("C", { y2023: { dlbm: "0201" } }), ...sup("D")]);
  assertEquals(codes(latest), ["supplement_abandoned", "data_distorted/not_latest"]);
  assertEquals(latest.supplements[0].latestFarmM2, 10000);
  const never = await audit([...occupied(), ...sup("C", { state: { dlbm: "0404" } }), ...sup("D")]);
  assert(codes(never).includes("data_distorted/not_farm"), codes(never).join());
  assertEquals(never.supplements[0].areaM2, 10000); // only D counts
  const missing = await audit([...occupied(), ...sup("C"), ...sup("D")], ["C", "D", "Z"]);
  assertEquals(codes(missing), ["data_distorted/not_found"]);
  assertEquals(missing.flags[0].bsms, ["Z"]);
  assertEquals(codes(await audit([...occupied(), ...sup("C"), ...sup("D")])), []);
});

Deno.test("劣地坡地生地补充: most of the supplement poor, steep or raw; a minority is not", async () => {
  const poor = await audit([
    ...occupied(),
    ...sup("C", { state: { gddb: 13 } }),
    ...sup("D", { state: { gddb: 13 } }),
  ]);
  assert(codes(poor).includes("poor_steep_raw/poor"), codes(poor).join());
  const steepRaw = await audit([
    ...occupied(),
    ...sup("C", { state: { gdpdjb: 4 } }),
    ...sup("D", { prior: { dlbm: "1206" } }),
  ]);
  assert(codes(steepRaw).includes("poor_steep_raw/steep+raw"), codes(steepRaw).join());
  const f = steepRaw.flags.find((x) => x.code === "poor_steep_raw")!;
  assertEquals([f.measures.share, f.measures.steep_m2, f.measures.raw_m2], [1, 10000, 10000]);
  const minority = await audit([
    ...occupied(),
    ...sup("C", { state: { gddb: 13, tbdlmj: 4000 } }),
    ...sup("D", { state: { tbdlmj: 16000 } }),
  ]);
  assertEquals(codes(minority), []);
});

Deno.test("a cross-province purchase without parcels is not checked on the ground (noted)", async () => {
  const r = await runAudit(
    {
      occupations: [occupationRecord({ id: "ZY1", county: C, year: 2021, bsms: ["A", "B"] })],
      supplements: [
        supplementRecord({
          id: "BC1",
          county: C,
          year: 2021,
          occupationId: "ZY1",
          sellerProvince: "黑龙江省",
          areaM2: 21000,
          grade: 11,
        }),
      ],
      survey: memorySurvey({ rows: occupied(), adjacent: [["A", "B"]] }),
    },
    cfg,
    { engine },
  );
  assertEquals(codes(r), []);
  assert(r.notes.some((n) => n.includes("BC1") && n.includes("黑龙江省")), r.notes.join("\n"));
});

Deno.test("audit supplement tests: close the engine", async () => {
  await engine.close();
});
