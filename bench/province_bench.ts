/**
 * Province benchmark (issue 16, goals 3 and 4): a demo province of N counties of about M parcels
 * (`deno task cli demo --counties N --parcels M --years 2023,2024`, generated when missing).
 * In fresh processes, each the median of `--runs` (wall) with the largest peak RSS
 * (getrusage(RUSAGE_CHILDREN) of the child), taking turns:
 * - one county alone: `screen --dltb <dir>/<first county>/DLTB_<latest>.shp --constraints …/constraints`;
 * - the province: `screen --data <dir> --workers 1` (one county at a time on this thread, each
 *   reading its geometry on a kept second thread that reads the next county's ahead: the default
 *   on 2 cores) and `--workers 2` (two counties at once, each on a Worker).
 * Prints N × one county's time, the province's times, province / (N × one county) against the
 * goal 0.65 and peak memory province / one county against the goal 1.5 for both, marking the
 * default (the goals are judged on it); checks the answers (the first
 * county's summary in the province = the county alone, tools/peer/compare_summaries.py; the
 * province's balance.csv the same with 1 and 2 workers; exit 1 otherwise). Then `balance --data`, `trends --data` and
 * `audit --data` over the same province and over a province of one such county (generated
 * alike, `province-1x<M>`), taking turns, with the same two ratios.
 *
 *   deno run -A bench/province_bench.ts [--counties 8] [--parcels 50000] [--runs 3] [--shape grid|voronoi]
 *       [--out data/bench/province-<N>x<M>[-voronoi]]
 * @module
 */
import { numberArg, parseArgs } from "../src/cli/args.ts";
import { defaultCountyWorkers } from "../src/batch/screen_province.ts";
import { cli, ensureData, PYTHON, type Run, secs, shapesArg, summarise, timed } from "./_child.ts";

const args = parseArgs(Deno.args, { string: ["counties", "parcels", "runs", "shape", "out"] });
const n = numberArg(args, "counties", 8);
const parcels = numberArg(args, "parcels", 50_000);
const runs = numberArg(args, "runs", 3);
const shapes = shapesArg(args.shape);
if (shapes.length !== 1) throw new Error("--shape: grid 或 voronoi 之一 / one shape");
const shape = shapes[0];
const YEARS = [2023, 2024];
const GOAL_TIME = 0.65, GOAL_MEMORY = 1.5;
const DEFAULT_WORKERS = defaultCountyWorkers();
const dir = (args.out as string) ??
  `data/bench/province-${n}x${parcels}${shape === "grid" ? "" : "-voronoi"}`;
const COMPARE = new URL("../tools/peer/compare_summaries.py", import.meta.url).pathname;

const manifest = await ensureData({ out: dir, parcels, counties: n, years: YEARS, shape });
const year = String(Math.max(...manifest.parameters.years as number[]));
const first = manifest.counties[0];
const total = manifest.counties.reduce((s, c) => s + (c.years[year]?.parcels ?? 0), 0);
console.log(
  `示例省 province ${dir} (${shape}): ${manifest.counties.length} 个县 counties, ${year} 年度 ${total} 图斑 parcels; ` +
    `单县 one county = ${first.code} (${first.years[year].parcels} parcels); ${runs} 轮 runs`,
);

const tmp = await Deno.makeTempDir({ prefix: "province-bench-" });
const county: Run[] = [], w1: Run[] = [], w2: Run[] = [];
const bad: string[] = [];
const text = (p: string) => Deno.readTextFile(p);
try {
  for (let i = 0; i < runs; i++) {
    const oc = `${tmp}/county-${i}`, o1 = `${tmp}/w1-${i}`, o2 = `${tmp}/w2-${i}`;
    county.push(
      await timed(
        cli(
          "screen",
          "--dltb",
          `${dir}/${first.code}/DLTB_${year}.shp`,
          "--constraints",
          `${dir}/${first.code}/constraints`,
          "--out",
          oc,
        ),
        `screen ${first.code} run ${i + 1}`,
      ),
    );
    w1.push(
      await timed(
        cli("screen", "--data", dir, "--out", o1, "--workers", "1"),
        `screen --data --workers 1 run ${i + 1}`,
      ),
    );
    w2.push(
      await timed(
        cli("screen", "--data", dir, "--out", o2, "--workers", "2"),
        `screen --data --workers 2 run ${i + 1}`,
      ),
    );
    // Same answers: the county alone and inside the province; the province's table both ways.
    for (const [o, what] of [[o1, "workers 1"], [o2, "workers 2"]]) {
      const r = await new Deno.Command(PYTHON, {
        args: [COMPARE, `${oc}/summary.json`, `${o}/${first.code}/summary.json`, "--quiet"],
        stdout: "piped",
      }).output();
      if (!r.success) {
        bad.push(
          `run ${i + 1}: ${first.code} alone ≠ in the province (${what}): ${
            new TextDecoder().decode(r.stdout).split("\n").filter((l) => l.startsWith("✗")).join("; ")
          }`,
        );
      }
    }
    if (await text(`${o1}/balance.csv`) !== await text(`${o2}/balance.csv`)) {
      bad.push(`run ${i + 1}: balance.csv differs between workers 1 and 2`);
    }
    console.log(
      `  run ${i + 1}: county ${secs(county[i].wallS)} / ${
        county[i].peakMiB.toFixed(0)
      } MiB, province workers 1 ${secs(w1[i].wallS)} / ${w1[i].peakMiB.toFixed(0)} MiB, workers 2 ${
        secs(w2[i].wallS)
      } / ${w2[i].peakMiB.toFixed(0)} MiB`,
    );
    for (const o of [oc, o1, o2]) await Deno.remove(o, { recursive: true });
  }

  const c = summarise(county), p1 = summarise(w1), p2 = summarise(w2);
  const nc = manifest.counties.length;
  // The goals are judged on the default: one county at a time on 2 cores (defaultCountyWorkers).
  const byDefault = DEFAULT_WORKERS <= 1 ? p1 : p2;
  const timeRatio = byDefault.wallS / (nc * c.wallS), memRatio = byDefault.peakMiB / c.peakMiB;
  const ok = (good: boolean) => good ? "✓" : "✗";
  console.log(`\n                                     median wall   peak RSS (MiB, largest of ${runs})`);
  const row = (label: string, r: Run | number) =>
    console.log(
      `${label.padEnd(36)} ${secs(typeof r === "number" ? r : r.wallS).padStart(11)}${
        typeof r === "number" ? "" : `   ${r.peakMiB.toFixed(0).padStart(8)}`
      }`,
    );
  row(`one county (${first.code})`, c);
  row(`${nc} × one county`, nc * c.wallS);
  const mark = (w: number) => (w === Math.min(DEFAULT_WORKERS, 2) ? " (default)" : "");
  row(`province, --workers 1${mark(1)}`, p1);
  row(`province, --workers 2${mark(2)}`, p2);
  for (const [w, p] of [[1, p1], [2, p2]] as const) {
    const t = p.wallS / (nc * c.wallS), m = p.peakMiB / c.peakMiB;
    console.log(
      `--workers ${w}${mark(w)}: time / (${nc} × one county) = ${t.toFixed(2)} (goal ≤ ${GOAL_TIME}) ${ok(t <= GOAL_TIME)}, ` +
        `memory / one county = ${m.toFixed(2)}× (goal ≤ ${GOAL_MEMORY}) ${ok(m <= GOAL_MEMORY)}`,
    );
  }
  console.log(`--workers 2 against 1: ${(p1.wallS / p2.wallS).toFixed(2)}× the speed, ${(p2.peakMiB / p1.peakMiB).toFixed(2)}× the memory`);
  console.log(
    bad.length
      ? `✗ 结果不一致 / answers differ:\n  ${bad.join("\n  ")}`
      : `✓ 结果一致 / same answer: ${first.code} alone = in the province (compare_summaries.py), balance.csv workers 1 = workers 2`,
  );

  // The other province commands against the same commands on a province of one such county
  // (generated alike): medians of `runs`, taking turns, with the same goals.
  const oneDir = /province-\d+x/.test(dir) ? dir.replace(/province-\d+x/, "province-1x") : `${dir}-one-county`;
  await ensureData({ out: oneDir, parcels, counties: 1, years: YEARS, shape });
  console.log(`\nother commands: one county (${oneDir}) and the province, ${runs} runs each`);
  console.log(
    ["command".padEnd(14), "one county".padEnd(21), "province".padEnd(21), `time / (${nc} × county)`.padEnd(21), "memory / county"]
      .join(" "),
  );
  const others: string[] = [];
  for (const cmd of ["balance", "trends", "audit"]) {
    const one: Run[] = [], all: Run[] = [];
    for (let i = 0; i < runs; i++) {
      for (const [d, list] of [[oneDir, one], [dir, all]] as const) {
        const o = `${tmp}/${cmd}-${i}`;
        list.push(await timed(cli(cmd, "--data", d, "--out", o), `${cmd} --data ${d}`));
        await Deno.remove(o, { recursive: true });
      }
    }
    const a = summarise(one), b = summarise(all);
    const t = b.wallS / (nc * a.wallS), m = b.peakMiB / a.peakMiB;
    console.log(
      [
        cmd.padEnd(14),
        `${secs(a.wallS)} / ${a.peakMiB.toFixed(0)} MiB`.padEnd(21),
        `${secs(b.wallS)} / ${b.peakMiB.toFixed(0)} MiB`.padEnd(21),
        `${t.toFixed(2)} ${ok(t <= GOAL_TIME)}`.padEnd(21),
        `${m.toFixed(2)}× ${ok(m <= GOAL_MEMORY)}`,
      ].join(" "),
    );
    others.push(
      `${cmd} ${secs(b.wallS)} / ${b.peakMiB.toFixed(0)} MiB (one county ${secs(a.wallS)} / ${a.peakMiB.toFixed(0)} MiB: ` +
        `time ${t.toFixed(2)}, memory ${m.toFixed(2)}×)`,
    );
  }

  console.log(
    `\nprovince ${nc}×${parcels} ${shape}: screen (default --workers ${DEFAULT_WORKERS}) ${secs(byDefault.wallS)} / ${
      byDefault.peakMiB.toFixed(0)
    } MiB, --workers 1 ${secs(p1.wallS)} / ${p1.peakMiB.toFixed(0)} MiB, --workers 2 ${secs(p2.wallS)} / ${
      p2.peakMiB.toFixed(0)
    } MiB, one county ${secs(c.wallS)} / ${c.peakMiB.toFixed(0)} MiB; time ${timeRatio.toFixed(2)} of ${nc} × county (goal ${GOAL_TIME}) ${
      ok(timeRatio <= GOAL_TIME)
    }, memory ${memRatio.toFixed(2)}× county (goal ${GOAL_MEMORY}) ${ok(memRatio <= GOAL_MEMORY)} — ${
      bad.length ? "ANSWERS DIFFER" : "same answer"
    }`,
  );
  console.log(`province ${nc}×${parcels} ${shape}, other commands: ${others.join(", ")}`);
} finally {
  await Deno.remove(tmp, { recursive: true });
}
if (bad.length) Deno.exit(1);
