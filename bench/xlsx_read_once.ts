/**
 * One read of a workbook's first sheet into rows of cells, by one library, in a fresh process:
 * prints `{"ms": …, "rows": …, "cells": …, "hwmKiB": …}` (VmHWM: the process's peak resident memory).
 *
 *   deno run -A bench/xlsx_read_once.ts sheetjs|exceljs FILE.xlsx
 */
import * as XLSX from "xlsx";
import ExcelJS from "exceljs";

const [lib, file] = Deno.args;
const bytes = Deno.readFileSync(file);
const t = performance.now();
let rows: unknown[][] = [];
if (lib === "sheetjs") {
  const X = XLSX;
  const wb = X.read(bytes, { type: "array", cellNF: true, cellDates: false });
  rows = X.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true, defval: null });
} else if (lib === "exceljs") {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const ws = wb.worksheets[0];
  ws.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)));
} else throw new Error(`unknown library ${lib}`);
const ms = performance.now() - t;
const hwm = Number(/VmHWM:\s+(\d+)/.exec(Deno.readTextFileSync("/proc/self/status"))?.[1] ?? 0);
console.log(JSON.stringify({ ms, rows: rows.length, cells: rows.reduce((s, r) => s + r.length, 0), hwmKiB: hwm }));
