/** The test reader itself: it must find overlaps, or the layout tests prove nothing. */
import { assert, assertThrows } from "../_assert.ts";
import * as Plot from "@observablehq/plot";
import { renderPlot } from "../../src/chartkit/render.ts";
import { assertTextFits, readSvg } from "./_svg.ts";

Deno.test("svg reader: a vertical-bar chart of 100 counties fails the overlap check", () => {
  const rows = Array.from({ length: 100 }, (_, i) => ({ county: `第${i + 1}县`, mu: 100 }));
  const svg = renderPlot((document) =>
    Plot.barY(rows, { x: "county", y: "mu" }).plot({ document, width: 720, marginRight: 40 })
  );
  assertThrows(() => assertTextFits(svg), Error, "labels overlap");
});

Deno.test("svg reader: positions add up translate(), x/y, dx/dy in em, and text-anchor", () => {
  const svg =
    `<svg width="200" height="100" font-size="10"><g transform="translate(10,20)" text-anchor="end">` +
    `<text transform="translate(50,5)" y="0.5em" dx="2">甲乙</text></g>` +
    `<text x="100" y="90" text-anchor="middle" font-size="20">丙</text></svg>`;
  const [a, b] = readSvg(svg).texts;
  assert(Math.abs(a.x1 - 62) < 1e-9 && Math.abs(a.x0 - 42) < 1e-9, JSON.stringify(a));
  assert(Math.abs(a.y1 - (30 + 1.2)) < 1e-9, JSON.stringify(a));
  assert(Math.abs(b.x0 - 90) < 1e-9 && Math.abs(b.y0 - (90 - 17.6)) < 1e-9, JSON.stringify(b));
  assertThrows(
    () =>
      assertTextFits(
        `<svg width="100" height="50"><text x="0" y="20">甲</text><text x="5" y="22">乙</text></svg>`,
      ),
    Error,
    "labels overlap",
  );
  assertThrows(
    () => assertTextFits(`<svg width="30" height="50"><text x="20" y="20">甲乙</text></svg>`),
    Error,
    "leaves",
  );
});
