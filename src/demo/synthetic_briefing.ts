/**
 * A synthetic province for the briefing benchmark, built from tables alone (no geometry beyond a
 * rectangle per county): `n` counties in cities of ten, every fact the briefing reads filled with
 * seeded plausible numbers. Used to time tables → charts → HTML → XLSX at 100 counties.
 */
import type { BriefingFacts } from "../briefing/facts.ts";
import type { CountyYearBalance } from "../audit/types.ts";
import { gatherNational } from "../briefing/gather.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** The synthetic facts of a province of `n` counties. */
export async function syntheticFacts(n: number, seed = 7): Promise<BriefingFacts> {
  const r = rng(seed);
  const years = [2019, 2020, 2021, 2022, 2023, 2024];
  const counties = Array.from({ length: n }, (_, i) => {
    const city = `91${String(Math.floor(i / 10) + 1).padStart(2, "0")}`;
    return {
      code: `${city}${String((i % 10) + 1).padStart(2, "0")}`,
      name: `合成${i + 1}县`,
      city,
      cityName: `合成${Math.floor(i / 10) + 1}市`,
      regionType: ["粮食主产区", "经济发达地区", "生态脆弱区"][i % 3],
      terrain: ["平原", "丘陵", "山区"][i % 3],
    };
  });
  const names: Record<string, string> = { "91": "合成省" };
  for (const c of counties) (names[c.code] = c.name, names[c.city] = c.cityName);
  const farmland = counties.flatMap((c) =>
    years.map((year) => {
      const f = 2e7 + r() * 1e7, a = f * r() * 0.3;
      return { county: c.code, year, farmlandM2: f, abandonedM2: a, rate: a / f, flagged: a / f > 0.2 };
    })
  );
  const zero = (c: string): CountyYearBalance => ({
    county: c, countyName: null, province: "91", year: 2024, regionType: "grain", occupations: 3,
    occAreaM2: 5e4 * r(), occPaddyM2: 1e4 * r(), occGrade: 5 + 5 * r(), occCapacityKg: 3e4 * r(),
    occFragmentShare: r() * 0.3, occPbfM2: 0, occMarginalM2: 0, retreatAllowedM2: 0, unsupplementedM2: 0,
    supAreaM2: 5e4 * r(), supPaddyM2: 1e4 * r(), supGrade: 5 + 5 * r(), supCapacityKg: 3e4 * r(),
    supFragmentShare: r() * 0.3, supLatestFarmM2: 4e4, crossProvinceM2: 0, crossCountyInM2: 0,
    crossCountyOutM2: 0, unlinkedSupM2: 0, ecoSlopeM2: 0, ecoFloodM2: 0, ecoForestGrassM2: 0,
    wetlandForestM2: 0, exemptOccupations: 0, exemptAreaM2: 0, violations: r() < 0.2 ? 1 : 0,
  });
  const cover = counties.map((c) => {
    const need = 5e4 * r(), gap = r() < 0.1 ? need * 0.2 : 0;
    return {
      county: c.code, year: 2024, needM2: need, needPaddyM2: need * 0.3, gradeOut: 7, countyM2: need - gap,
      cityM2: 0, provinceM2: 0, uncoveredM2: gap, paddyInM2: need * 0.3, paddyShortfallM2: 0, gradeIn: 6.5,
      gradeStatus: "达到", gradeStatusLabel: "转入平均等别不劣于转出", summary: "",
    };
  });
  return {
    region: { code: "91", name: "合成省", level: "province" },
    demo: true,
    year: 2024,
    previousYear: 2023,
    surveyYears: years,
    counties,
    names,
    farmland,
    targets: counties.map((c) => ({
      county: c.code, farmlandTargetM2: 2.2e7, pbfTargetM2: 1.5e7, farmlandM2: 2e7 + r() * 1e7, pbfM2: 1.6e7, source: "synthetic",
    })),
    outflow: counties.map((c, i) => ({
      county: c.code, year: 2024, balanceM2: cover[i].needM2, paddyM2: cover[i].needPaddyM2, grade: 7,
      exemptM2: 1e4 * r(), restoreM2: 1e4 * r(), pendingM2: 1e4 * r(), otherM2: 0, previousBalanceM2: 4e4 * r(),
    })),
    cover,
    pool: counties.flatMap((c) =>
      Array.from({ length: 5 }, (_, t) => ({
        county: c.code, township: `${c.code}${String(t + 1).padStart(3, "0")}`,
        cls: (["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"] as const)[t % 4],
        result: t % 2 ? "建议恢复" : "可以恢复", areaM2: 2e4 * r(), pieces: 3,
      }))
    ),
    grades: Array.from({ length: 15 }, (_, g) => [
      { series: "out" as const, grade: g + 1, areaM2: 1e5 * r() },
      { series: "in" as const, grade: g + 1, areaM2: 1e5 * r() },
    ]).flat(),
    restore: [],
    plan: { columns: [{ key: "county", header: "县代码" }, { key: "area", header: "面积（亩）" }], rows: counties.map((c) => ({ county: c.code, area: 10 })) },
    parcels: [],
    audit: { balance: counties.map((c) => zero(c.code)), flags: [], exempt: [], exemptProjects: [], verdicts: [], trades: [], previousFlags: {} },
    trends: {
      centres: years.flatMap((year, k) =>
        ["area", "quality", "capacity"].map((weight) => ({
          level: "province" as const, code: "91", name: "合成省", regionType: "grain" as const, year, weight: weight as "area",
          x: 38500000 + k * 10, y: 3500000 + k * 5, lon: 114 + k * 1e-4, lat: 31 + k * 5e-5, totalWeight: 1, farmlandM2: 1, gradedShare: 1,
        }))
      ),
      drift: [],
      unstable: counties.map((c) => ({ county: c.code, sources: { 河道耕地: r() * 0.05, "坡度级别5（>25°）": r() * 0.05 }, union: r() * 0.1, farmlandM2: 2e7, previousUnion: r() * 0.1 })),
      outlines: counties.map((c, i) => {
        const x = 38490000 + (i % 10) * 20000, y = 3490000 + Math.floor(i / 10) * 20000;
        return { code: c.code, name: c.name, rings: [[[x, y], [x + 20000, y], [x + 20000, y + 20000], [x, y + 20000], [x, y]]] };
      }),
      line: 0.2,
    },
    national: await gatherNational(),
    method: [],
    params: {},
  };
}
