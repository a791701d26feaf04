import { assert, assertEquals } from "../_assert.ts";
import { farmlandByCountyChart } from "../../src/charts/farmland_by_county.ts";

const ROWS = [
  { county_name: "平川县", class4: "0101", area_mu: 12000 },
  { county_name: "平川县", class4: "0103", area_mu: 5000 },
  { county_name: "山阳县", class4: "0102", area_mu: 8000 },
  { county_name: "山阳县", class4: "0103", area_mu: 2500 },
];

// Snapshot test in the manner of Observable Plot's own: the SVG is compared with a committed
// file; set UPDATE_SNAPSHOTS=1 to rewrite it after an intended change (and look at it).
Deno.test("farmland by county chart matches its snapshot", async () => {
  const svg = farmlandByCountyChart(ROWS);
  const path = new URL("../output/farmland_by_county.svg", import.meta.url);
  if (Deno.env.get("UPDATE_SNAPSHOTS")) await Deno.writeTextFile(path, svg);
  assertEquals(svg, await Deno.readTextFile(path));
});

Deno.test("farmland chart: bar heights are proportional to 亩 and labels are Chinese with the unit", () => {
  const svg = farmlandByCountyChart(ROWS);
  assert(svg.includes("耕地面积（亩）"));
  for (const name of ["水田", "水浇地", "旱地", "平川县", "山阳县"]) assert(svg.includes(name), name);
  const heights = [...svg.matchAll(/<rect[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1])).filter((h) => h > 0);
  assertEquals(heights.length, 4);
  const sorted = [...heights].sort((a, b) => a - b);
  // 12000 / 2500 亩 = 4.8
  assert(Math.abs(sorted[3] / sorted[0] - 4.8) < 0.01, String(sorted));
});
