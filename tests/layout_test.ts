/**
 * The house layout (README "Architecture"), checked so that it cannot rot unnoticed:
 * - data flows one way: a stage imports only from stages before it (or from the shared
 *   libraries units/, io/, geom/, db/, ui/, table/, html/, chartkit/, charts/);
 * - charts take plain rows: src/charts imports no stage, so any stage (and the briefing) can draw
 *   its rows with them;
 * - one idea per folder: no folder of src/ (the demo generator aside) over 4,000 lines or 25 files.
 */
import { assert, assertEquals } from "./_assert.ts";

const SRC = new URL("../src/", import.meta.url);

/** Every folder's order in the flow; a folder may import from folders of a lower or equal rank. */
const RANK: Record<string, number> = {
  units: 0,
  dictionary: 0,
  geom: 0,
  ui: 0,
  table: 0,
  html: 0,
  chartkit: 0,
  browser: 0,
  notebook: 0,
  threads: 0,
  charts: 1,
  io: 1,
  raster: 1,
  db: 1,
  ingest: 2,
  lineage: 3,
  screen: 3,
  evaluate: 4,
  outflow: 5,
  selection: 6,
  audit: 6,
  trends: 6,
  batch: 7,
  report: 8,
  briefing: 9,
  demo: 10,
  cli: 11,
};
/** Folders every stage may use (shared libraries, not stages). */
const SHARED = new Set(["units", "dictionary", "geom", "ui", "table", "html", "chartkit", "charts", "io", "db", "browser", "notebook"]);

async function sources(): Promise<{ folder: string; file: string; text: string }[]> {
  const out: { folder: string; file: string; text: string }[] = [];
  for await (const d of Deno.readDir(SRC)) {
    if (!d.isDirectory) continue;
    for await (const f of Deno.readDir(new URL(`${d.name}/`, SRC))) {
      if (!f.isFile || !f.name.endsWith(".ts")) continue;
      out.push({ folder: d.name, file: f.name, text: await Deno.readTextFile(new URL(`${d.name}/${f.name}`, SRC)) });
    }
  }
  return out.sort((a, b) => (a.folder + a.file).localeCompare(b.folder + b.file));
}

function importedFolders(text: string): string[] {
  const re = /(?:from|import)\s*\(?\s*["']\.\.\/([a-z_]+)\//g;
  return [...text.matchAll(re)].map((m) => m[1]);
}

Deno.test("every src folder has a place in the flow", async () => {
  const folders = [...new Set((await sources()).map((s) => s.folder))];
  const unknown = folders.filter((f) => !(f in RANK));
  assertEquals(unknown, [], `folders missing from the flow of tests/layout_test.ts and README: ${unknown.join(", ")}`);
});

Deno.test("data flows one way: no import from a later stage", async () => {
  const back: string[] = [];
  for (const s of await sources()) {
    for (const to of importedFolders(s.text)) {
      if (SHARED.has(to)) continue;
      if ((RANK[to] ?? 99) > RANK[s.folder]) back.push(`src/${s.folder}/${s.file} → src/${to}/`);
    }
  }
  assertEquals(back, []);
});

Deno.test("charts import no stage: they take plain rows", async () => {
  const bad: string[] = [];
  for (const s of (await sources()).filter((s) => s.folder === "charts")) {
    for (const to of importedFolders(s.text)) if (!SHARED.has(to) || to === "db") bad.push(`src/charts/${s.file} → src/${to}/`);
  }
  assertEquals(bad, []);
});

Deno.test("one idea per folder: at most 4,000 lines and 25 files (demo generator aside)", async () => {
  const by = new Map<string, { files: number; lines: number }>();
  for (const s of await sources()) {
    const e = by.get(s.folder) ?? { files: 0, lines: 0 };
    e.files++;
    e.lines += s.text.split("\n").length - 1;
    by.set(s.folder, e);
  }
  for (const [folder, e] of by) {
    if (folder === "demo") continue;
    assert(e.files <= 25 && e.lines <= 4000, `src/${folder}: ${e.files} files, ${e.lines} lines`);
  }
});
