// The briefing as a reviewer opens it, in Debian's headless Chromium: nothing fails or leaves the
// page, every chart drew marks, Chinese renders in a CJK font, tables sort and filter; and a county
// name carrying markup and a script shows as text in the page and in the PDF, and runs nothing.
import { assert, assertEquals } from "../_assert.ts";
import { openInChromium } from "../_harness/browser.ts";
import { cli, copyDir, demoBriefing } from "./_fixture.ts";

Deno.test("briefing in Chromium: no error, no request, charts drawn, CJK font, tables sort and filter", async () => {
  const { out } = await demoBriefing();
  const r = await openInChromium(`${out}/briefing.html`, {
    width: 1150,
    evaluate: [
      // every figure: its SVG marks
      `[...document.querySelectorAll("figure")].map((f) => ({ id: f.id, marks: f.querySelectorAll("svg path, svg rect, svg circle, svg line").length }))`,
      // the CJK font is there (not tofu): the page asks for Noto Sans CJK SC and the system has it
      `document.fonts.check("14px 'Noto Sans CJK SC'", "耕地平衡")`,
      // width of a CJK string in the page's font against a box-glyph fallback font
      `(() => { const c = document.createElement("canvas").getContext("2d"); c.font = "20px 'Noto Sans CJK SC'"; const a = c.measureText("耕地").width; c.font = "20px monospace"; return a; })()`,
      // click the header "转出面积（亩）" of the out/in table twice: descending by value
      `(() => { const t = document.getElementById("t-outin"); const th = [...t.tHead.rows[0].cells].find((c) => c.textContent.startsWith("转出面积")); th.click(); th.click();
         const i = [...t.tHead.rows[0].cells].indexOf(th);
         return [...t.tBodies[0].rows].map((r) => parseFloat(r.cells[i].textContent.replace(/[,，]/g, ""))).filter((v) => v === v); })()`,
      // filter the flags table by a county name
      `(() => { const t = document.getElementById("t-flags"); const f = t.previousElementSibling; f.value = "青岭县"; f.dispatchEvent(new Event("input"));
         const rows = [...t.tBodies[0].rows]; return { shown: rows.filter((r) => !r.hidden).map((r) => r.cells[0].textContent), all: rows.length }; })()`,
    ],
  });
  assertEquals(r.consoleErrors, []);
  assertEquals(r.networkRequests, []);
  const figures = r.evaluated[0] as { id: string; marks: number }[];
  assert(figures.length >= 4, JSON.stringify(figures));
  for (const f of figures) assert(f.marks > 5, `${f.id} drew ${f.marks} marks`);
  assertEquals(r.evaluated[1], true);
  assert(r.evaluated[2] > 30, `CJK text width ${r.evaluated[2]}`);
  const sorted = r.evaluated[3] as number[];
  assert(sorted.length > 9, String(sorted));
  assertEquals(sorted, [...sorted].sort((a, b) => b - a));
  const filtered = r.evaluated[4] as { shown: string[]; all: number };
  assert(filtered.shown.length > 0 && filtered.shown.length < filtered.all, JSON.stringify(filtered));
  assert(filtered.shown.every((s) => s === "青岭县"), JSON.stringify(filtered.shown));
  assert(r.textContent.includes("示例数据"));
});

Deno.test("briefing: a county name with markup and a script shows as text in HTML, SVG and PDF, and runs nothing", async () => {
  const { data, out: first } = await demoBriefing();
  const d = await copyDir(data, "briefing-evil-data-");
  const out = await copyDir(first, "briefing-evil-");
  const evil = `<script>document.title='PWNED'</script><img src=x onerror="document.title='PWNED'">平川县`;
  const csv = Deno.readTextFileSync(`${d}/admin_units.csv`).replace(/^900101,平川县,/m, `900101,"${evil.replaceAll('"', '""')}",`);
  assert(csv.includes("PWNED"));
  Deno.writeTextFileSync(`${d}/admin_units.csv`, csv);
  const b = await cli(["report", "--data", d, "--out", out]);
  assertEquals(b.code, 0, b.stderr);
  const html = Deno.readTextFileSync(`${out}/briefing.html`);
  assert(!html.includes("<script>document.title"), "the script went into the page as markup");
  assert(!html.includes("<img src=x"), "the img went into the page as markup");
  const r = await openInChromium(`${out}/briefing.html`, {
    evaluate: [`document.querySelectorAll("img").length`, `[...document.scripts].length`],
  });
  assert(r.title !== "PWNED" && r.title.includes("耕地平衡简报"), r.title);
  assert(r.textContent.includes(evil), "the name is not shown as text");
  assertEquals(r.consoleErrors, []);
  assertEquals(r.networkRequests, []);
  assertEquals(r.evaluated, [0, 1]);
  const pdf = await new Deno.Command("pdftotext", { args: ["-layout", `${out}/briefing.pdf`, "-"], stdout: "piped" }).output();
  const text = new TextDecoder().decode(pdf.stdout);
  assert(text.includes("<script>document.title='PWNED'</script>"), "the name is not printed as text in the PDF");
});

Deno.test("briefing PDF: A4, title page, page numbers, Chinese text", async () => {
  const { data, out: first } = await demoBriefing();
  const out = await copyDir(first, "briefing-pdf-");
  const b = await cli(["report", "--data", data, "--out", out, "--force"]);
  assertEquals(b.code, 0, b.stderr);
  const info = new TextDecoder().decode(
    (await new Deno.Command("pdfinfo", { args: [`${out}/briefing.pdf`], stdout: "piped" }).output()).stdout,
  );
  const pages = Number(info.match(/Pages:\s+(\d+)/)![1]);
  assert(pages > 10, info);
  assert(/Page size:.*\(A4\)/.test(info), info);
  const page = async (n: number) =>
    new TextDecoder().decode(
      (await new Deno.Command("pdftotext", { args: ["-f", `${n}`, "-l", `${n}`, `${out}/briefing.pdf`, "-"], stdout: "piped" })
        .output()).stdout,
    );
  const p1 = await page(1);
  assert(p1.includes("示例省耕地平衡简报（2024 年）") && p1.includes(`第 1 页 / 共 ${pages} 页`), p1);
  assert(!p1.includes("一、要点"), "the title page holds only the title block");
  assert((await page(pages)).includes(`第 ${pages} 页 / 共 ${pages} 页`));
});
