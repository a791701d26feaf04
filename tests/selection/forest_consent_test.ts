// Seed 004 §2(2): forest or grassland is restored to farmland only with the forestry-and-grassland
// authority's consent. Without it a piece is 待林草部门同意: left out of the choice (unless the
// option lets it in), and listed for the plan.
import assert from "node:assert/strict";
import { forestConsentOf } from "../../src/selection/pool.ts";
import { PENDING_CONSENT_REASON, selectRestorations } from "../../src/selection/select.ts";
import { forestConsentTable, selectionTables } from "../../src/selection/outputs.ts";
import { need, piece } from "./_fixtures.ts";

Deno.test("forestConsentOf: forest (03) and grassland (04) need consent; the list grants it; other land needs none", () => {
  const list = new Set(["F1"]);
  assert.equal(forestConsentOf({ bsm: "F1", dlbm: "0301" }, list), "granted");
  assert.equal(forestConsentOf({ bsm: "F2", dlbm: "0307" }, list), "pending");
  assert.equal(forestConsentOf({ bsm: "G1", dlbm: "0403" }, undefined), "pending");
  assert.equal(forestConsentOf({ bsm: "O1", dlbm: "0201" }, undefined), "not_needed");
  assert.equal(forestConsentOf({ bsm: "P1", dlbm: "1104" }, list), "not_needed");
});

Deno.test("a forest piece waiting for consent is not chosen by default, is chosen with pendingConsent include, and is listed either way", async () => {
  // The forest piece is the cheapest and best; the orchard covers the need too.
  const pool = [
    piece("F", 10, { dlbm: "0301", forestConsent: "pending", costPerMu: 1 }),
    piece("O", 12, { dlbm: "0201", forestConsent: "not_needed", costPerMu: 3 }),
    piece("G", 4, { dlbm: "0403", forestConsent: "granted", costPerMu: 2, cls: "II_SCATTER" }),
  ];
  for (const method of ["optimal", "greedy"] as const) {
    const strict = await selectRestorations([need(10)], pool, { method });
    assert.ok(!strict.choices.some((c) => c.piece.bsm === "F"), `${method}: F chosen without consent`);
    assert.equal(strict.needs[0].uncoveredM2, 0, method);
    assert.equal(strict.unused.find((u) => u.piece.bsm === "F")?.reason, PENDING_CONSENT_REASON);
    const open = await selectRestorations([need(10)], pool, { method, pendingConsent: "include" });
    assert.deepEqual(open.choices.map((c) => c.piece.bsm), ["F"], method);
    // The list for the plan: F and G (O needs no consent), with consent state and whether chosen.
    const t = forestConsentTable(strict);
    const col = (h: string) => t.columns.find((c) => c.header === h)!;
    assert.deepEqual(t.rows.map((r) => [r.piece.bsm, col("林草部门同意").value(r), col("选入").value(r)]), [
      ["F", "待林草部门同意", "否"],
      ["G", "已同意", strict.choices.some((c) => c.piece.bsm === "G") ? "是" : "否"],
    ]);
    assert.ok(selectionTables(strict).some((x) => x.name === "林草部门同意" && x.csv === "forest_consent.csv"));
  }
});
