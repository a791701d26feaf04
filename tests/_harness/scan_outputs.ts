/**
 * Every number a command writes must be a number: this scans an output folder (recursively) for
 * NaN, Infinity and undefined in every text file (CSV, JSON, TXT, GeoJSON, SVG, HTML outside its
 * script), inside every XLSX (sheets and shared strings) and in every DBF's records.
 */
import { unzipSync } from "fflate";

const BAD = /\bNaN\b|Infinity|\bundefined\b/;
const TEXT = /\.(csv|json|txt|md|geojson|svg|html|prj|cpg)$/i;

function hit(name: string, text: string): string | null {
  const m = BAD.exec(text);
  return m ? `${name}: …${text.slice(Math.max(0, m.index - 60), m.index + 20).replace(/\s+/g, " ")}…` : null;
}

/** The places under `dir` where a written value is NaN, Infinity or undefined, with their context. */
export function nonNumbersIn(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of Deno.readDirSync(d)) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory) {
        if (e.name !== ".cache") walk(p);
        continue;
      }
      let h: string | null = null;
      if (TEXT.test(e.name)) {
        let text = Deno.readTextFileSync(p);
        if (/\.html$/i.test(e.name)) text = text.replace(/<script[\s\S]*?<\/script>/gi, "");
        h = hit(p, text);
      } else if (/\.xlsx$/i.test(e.name)) {
        const parts = unzipSync(Deno.readFileSync(p), { filter: (f) => /^xl\/(worksheets\/[^/]+|sharedStrings)\.xml$/.test(f.name) });
        for (const [name, bytes] of Object.entries(parts)) h ??= hit(`${p}!${name}`, new TextDecoder().decode(bytes));
      } else if (/\.dbf$/i.test(e.name)) {
        h = hit(p, new TextDecoder("latin1").decode(Deno.readFileSync(p)));
      }
      if (h) found.push(h);
    }
  };
  walk(dir);
  return found;
}

/** How many files {@link nonNumbersIn} looks into under `dir` (so a test can tell it scanned something). */
export function scannedFiles(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const e of Deno.readDirSync(d)) {
      if (e.isDirectory) e.name !== ".cache" && walk(`${d}/${e.name}`);
      else if (TEXT.test(e.name) || /\.(xlsx|dbf)$/i.test(e.name)) n++;
    }
  };
  walk(dir);
  return n;
}
