// Cross-check of `screen` against an independent implementation (tools/peer/screen_geopandas.py,
// GeoPandas 0.12 / Shapely 1.8 / GEOS 3.11 under Debian's /usr/bin/python3) on two counties of the
// demo province, in both deduction modes: a plain county with many pieces (900202, whose DBFs come
// without .cpg) and a mountain county with pieces in all four classes (900203). Per class, per
// township and per ledger line the areas must agree within 0.01 % and the counts exactly.
// The sliver count (pieces under 1 m², overlay noise whose number depends on the GEOS build) is
// not compared.
import { assert, assertEquals } from "../_assert.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";

import { oursCommand, peerCommand, PYTHON } from "../../tools/peer/commands.ts";

const split = (argv: string[]): [string, string[]] => [argv[0], argv.slice(1)];
const CLASSES = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"] as const;
const COUNTIES = [
  { code: "900202", what: "plain, no .cpg" },
  { code: "900203", what: "mountain" },
  { code: "900201", what: "hill, has 集中连片II型" },
] as const;
const MODES = ["erase", "exclude"] as const;

type ClassCell = { area_m2: number; count: number };
type Layer = {
  features: number;
  deduction_m2: number;
  candidates_hit: number;
  excluded?: number;
  excluded_m2?: number;
};
type Summary = {
  parcels: number;
  candidates: { count: number; tbmj_m2: number };
  farmland: Record<string, number>;
  classes: Record<string, ClassCell>;
  total_pieces: number;
  total_kept_m2: number;
  townships: Record<string, Record<string, ClassCell>>;
  ledger: Record<string, number> & { layers: Record<string, Layer> };
  constraint_layers: string[];
  times?: Record<string, number>;
};

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function run(cmd: string, args: string[], what: string): Promise<void> {
  const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  assertEquals(r.code, 0, `${what} failed:\n${decode(r.stderr)}\n${decode(r.stdout)}`);
}

/** Runs our CLI and the peer on one county in one mode; returns both summaries. */
async function both(dir: string, county: string, mode: string): Promise<{ ours: Summary; peer: Summary }> {
  const out = await Deno.makeTempDir({ prefix: `peer-${county}-${mode}-` });
  try {
    const dltb = `${dir}/${county}/DLTB_2024.shp`, constraints = `${dir}/${county}/constraints`;
    await Promise.all([
      run(...split(oursCommand(dltb, constraints, mode, `${out}/ours`)), `screen ${county} ${mode}`),
      run(...split(peerCommand(dltb, constraints, mode, `${out}/peer.json`)), `peer ${county} ${mode}`),
    ]);
    return {
      ours: JSON.parse(await Deno.readTextFile(`${out}/ours/summary.json`)),
      peer: JSON.parse(await Deno.readTextFile(`${out}/peer.json`)),
    };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** Every disagreement between the two summaries, as lines (empty when they agree). */
function differences(ours: Summary, peer: Summary, mode: string): string[] {
  const bad: string[] = [];
  const area = (what: string, a: number, b: number) => {
    const ok = a === b || Math.abs(a - b) <= 1e-6 ||
      Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)) <= 1e-4;
    if (!ok) bad.push(`${what}: ours ${a} vs peer ${b} (${((a - b) / b * 100).toExponential(2)} %)`);
  };
  const count = (what: string, a: number | undefined, b: number | undefined) => {
    if (a !== b) bad.push(`${what}: ours ${a} vs peer ${b}`);
  };
  const cells = (
    what: string,
    a: Record<string, ClassCell> | undefined,
    b: Record<string, ClassCell> | undefined,
  ) => {
    for (const c of CLASSES) {
      const x = a?.[c] ?? { area_m2: 0, count: 0 }, y = b?.[c] ?? { area_m2: 0, count: 0 };
      area(`${what}${c} area`, x.area_m2, y.area_m2);
      count(`${what}${c} count`, x.count, y.count);
    }
  };
  count("parcels", ours.parcels, peer.parcels);
  count("candidates", ours.candidates.count, peer.candidates.count);
  area("candidate TBMJ", ours.candidates.tbmj_m2, peer.candidates.tbmj_m2);
  for (const k of ["count", "clusters", "qualifying_clusters", "qualifying_parcels"]) {
    count(`farmland.${k}`, ours.farmland[k], peer.farmland[k]);
  }
  area("qualifying TBMJ", ours.farmland.qualifying_tbmj_m2, peer.farmland.qualifying_tbmj_m2);
  cells("", ours.classes, peer.classes);
  count("total_pieces", ours.total_pieces, peer.total_pieces);
  area("total_kept_m2", ours.total_kept_m2, peer.total_kept_m2);
  for (const t of new Set([...Object.keys(ours.townships), ...Object.keys(peer.townships)])) {
    cells(`township ${t} `, ours.townships[t], peer.townships[t]);
  }
  for (const k of ["candidate_m2", "kept_m2", "removed_m2", "dropped_m2"]) {
    area(`ledger.${k}`, ours.ledger[k], peer.ledger[k]);
  }
  count("ledger.dropped_pieces", ours.ledger.dropped_pieces, peer.ledger.dropped_pieces);
  assertEquals(ours.constraint_layers, peer.constraint_layers);
  for (const name of peer.constraint_layers) {
    const x = ours.ledger.layers[name], y = peer.ledger.layers[name];
    if (!x) {
      bad.push(`ledger layer ${name} missing in ours`);
      continue;
    }
    count(`${name} features`, x.features, y.features);
    area(`${name} deduction_m2`, x.deduction_m2, y.deduction_m2);
    count(`${name} candidates_hit`, x.candidates_hit, y.candidates_hit);
    if (mode === "exclude") {
      count(`${name} excluded`, x.excluded, y.excluded);
      area(`${name} excluded_m2`, x.excluded_m2 ?? NaN, y.excluded_m2 ?? NaN);
    }
  }
  return bad;
}

Deno.test({
  name: "screen agrees with the independent GeoPandas peer on plain, hill and mountain demo counties, both modes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const probe = await new Deno.Command(PYTHON, {
      args: ["-c", "import geopandas, rtree, fiona"],
      stderr: "piped",
    })
      .output().catch((e) => ({ code: -1, stderr: new TextEncoder().encode(String(e)) }));
    assertEquals(
      probe.code,
      0,
      `the peer needs ${PYTHON} with geopandas, rtree and fiona ` +
        `(bash tools/setup-debian.sh installs them): ${decode(probe.stderr)}`,
    );
    const { dir } = await demoProvince();
    const seen = { classes: new Set<string>(), dropped: 0, excluded: 0 };
    for (const { code, what } of COUNTIES) {
      for (const mode of MODES) {
        await t.step(`${code} (${what}), ${mode}`, async () => {
          const { ours, peer } = await both(dir, code, mode);
          const bad = differences(ours, peer, mode);
          assert(
            bad.length === 0,
            `${code} ${mode}: ${bad.length} difference(s) with the peer:\n  ${bad.join("\n  ")}`,
          );
          // Not a vacuous agreement: real pieces, real deductions.
          assert(peer.total_pieces >= 20, `${code} ${mode}: only ${peer.total_pieces} pieces`);
          assert(peer.ledger.removed_m2 > 0, `${code} ${mode}: nothing deducted`);
          for (const c of CLASSES) if (peer.classes[c].count > 0) seen.classes.add(c);
          seen.dropped += mode === "erase" ? peer.ledger.dropped_pieces : 0;
          if (mode === "exclude") {
            seen.excluded += Object.values(peer.ledger.layers).reduce((s, l) => s + (l.excluded ?? 0), 0);
          }
        });
      }
    }
    assertEquals([...seen.classes].sort(), [...CLASSES].sort(), "every class occurs in the compared runs");
    assert(seen.dropped > 0, "some pieces fall under 400 m² in erase mode");
    assert(seen.excluded > 0, "some candidates are excluded whole in exclude mode");
  },
});
