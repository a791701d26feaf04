/**
 * Progress on a terminal for long loads: rows and files done and the rate, redrawn at most
 * a few times a second, shown only once a run has taken more than a moment, and silent when
 * standard error is not a terminal (CI logs, pipes, notebooks).
 *
 * @example
 * ```ts
 * const p = progress("载入图斑", { totalFiles: 9 });
 * p.update({ rows: 1000, files: 1 });
 * p.done();
 * ```
 */

/** A progress reporter. */
export interface Progress {
  update(state: { rows?: number; files?: number; note?: string }): void;
  done(): void;
}

/** Options: where to write (default stderr), whether it is a terminal, and the delay before showing. */
export interface ProgressOptions {
  totalFiles?: number;
  totalRows?: number;
  /** Override terminal detection (tests). */
  isTerminal?: boolean;
  /** Override the sink (tests). */
  write?: (text: string) => void;
  /** Milliseconds before anything is shown (default 1500). */
  delayMs?: number;
  now?: () => number;
}

/** A progress reporter that draws one line on a terminal, or does nothing elsewhere. */
export function progress(label: string, opts: ProgressOptions = {}): Progress {
  const isTerminal = opts.isTerminal ?? Deno.stderr.isTerminal();
  if (!isTerminal) return { update() {}, done() {} };
  const enc = new TextEncoder();
  const write = opts.write ?? ((t: string) => Deno.stderr.writeSync(enc.encode(t)));
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const delay = opts.delayMs ?? 1500;
  let last = 0, shown = false;
  const state = { rows: 0, files: 0, note: "" };
  const draw = () => {
    const secs = (now() - start) / 1000;
    const rate = secs > 0 ? Math.round(state.rows / secs) : 0;
    const files = opts.totalFiles ? `${state.files}/${opts.totalFiles} 个文件，` : "";
    const rows = opts.totalRows ? `${state.rows}/${opts.totalRows}` : `${state.rows}`;
    write(`\r\x1b[K${label}：${files}${rows} 条，${rate} 条/秒，${secs.toFixed(1)} 秒${state.note ? "｜" + state.note : ""}`);
    shown = true;
  };
  return {
    update(s) {
      if (s.rows != null) state.rows = s.rows;
      if (s.files != null) state.files = s.files;
      if (s.note != null) state.note = s.note;
      const t = now();
      if (t - start < delay || t - last < 200) return;
      last = t;
      draw();
    },
    done() {
      if (shown) {
        draw();
        write("\n");
      }
    },
  };
}
