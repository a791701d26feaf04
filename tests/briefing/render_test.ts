// Rendering from facts alone (no stage runs): a synthetic province of 100 counties.
import { assert, assertEquals } from "../_assert.ts";
import { renderBriefing } from "../../src/briefing/render.ts";
import { syntheticFacts } from "../../src/demo/synthetic_briefing.ts";

const OPTS = { previous: null, method: { tables: [], notes: [] }, command: "", withParcels: false };

Deno.test("render: 100 counties in 10 cities, each city subtotalled, the same bytes twice in one process", async () => {
  const facts = await syntheticFacts(100);
  const a = renderBriefing(facts, OPTS), b = renderBriefing(facts, OPTS);
  assertEquals(a.html, b.html);
  assertEquals(a.xlsx, b.xlsx);
  const rows = a.tables.find((t) => t.id === "t-outin")!.rows;
  assertEquals(rows.filter((r) => !r._kind).length, 100);
  assertEquals(rows.filter((r) => r._kind === "subtotal").length, 10);
  assertEquals(rows.at(-1)!._kind, "total");
  for (const bad of ["NaN", "Infinity", "undefined"]) assert(!a.html.includes(bad), bad);
  // Years print as years (2024), never grouped like quantities (2,024).
  const grouped = a.html.match(/<td[^>]*>(19|20)\d\d年?<\/td>|<td[^>]*>[12],\d{3}<\/td>/g)?.filter((m) => /,/.test(m)) ?? [];
  const years = a.tables.flatMap((t) => t.columns.filter((c) => c.header === "年度").map((c) => `${t.id}:${c.kind}`));
  assert(years.every((y) => y.endsWith(":text")), years.join("、"));
  assertEquals(grouped.filter((m) => /[12],0[0-9]{2}</.test(m)), []);
});

Deno.test("render: a county name with markup is escaped everywhere in the page", async () => {
  const facts = await syntheticFacts(3);
  const evil = `<script>document.title="PWNED"</script><img src=x onerror=alert(1)>县`;
  facts.counties[0].name = evil;
  facts.names[facts.counties[0].code] = evil;
  const { html } = renderBriefing(facts, OPTS);
  assert(!html.includes("<script>document.title"), "raw script in the page");
  assert(!html.includes("<img src=x"), "raw img in the page");
  assert(html.includes("&lt;script&gt;document.title=&quot;PWNED&quot;&lt;/script&gt;"));
});
