/**
 * One progress line for long work (import, validate, report), on stderr and
 * only on a terminal: never with --json or -q. A total and a percentage when
 * the total is knowable (bytes of a text file, rows of a sheet's dimension,
 * row ids of a validation pass). It draws itself when updated, throttled, so
 * synchronous work (a validation pass) shows it too; it appears only when the
 * work lasts (ROSTER_PROGRESS_DELAY_MS, default 400 ms), and clears its line
 * when done.
 */
import type { Context } from './context.js';

export interface ProgressState {
  /** What is being done: "Đang nhập tan-dinh.csv". */
  label: string;
  done?: number;
  total?: number;
  unit?: 'bytes' | 'rows';
  /** Extra words after the numbers: "1 200 dòng, 3 000 dòng/giây". */
  extra?: string;
}

export interface ProgressLine {
  update(s: ProgressState): void;
  stop(): void;
}

const WIDTH = 24;
const THROTTLE_MS = 100;

function amount(n: number, unit: 'bytes' | 'rows', lang: 'vi' | 'en'): string {
  if (unit === 'rows') return `${n}`;
  const mb = n / (1024 * 1024);
  const s = mb >= 10 ? mb.toFixed(0) : mb >= 0.1 ? mb.toFixed(1) : (n / 1024).toFixed(0);
  const text = lang === 'vi' ? s.replace('.', ',') : s;
  return mb >= 0.1 ? `${text} MB` : `${text} KB`;
}

/** The line as drawn (without the carriage return). */
export function progressText(s: ProgressState, lang: 'vi' | 'en'): string {
  const parts = [s.label];
  if (s.total !== undefined && s.total > 0 && s.done !== undefined) {
    const f = Math.max(0, Math.min(1, s.done / s.total));
    const full = Math.round(f * WIDTH);
    const unit = s.unit ?? 'rows';
    const of =
      unit === 'rows'
        ? `${amount(s.done, unit, lang)}/${amount(s.total, unit, lang)} ${lang === 'vi' ? 'dòng' : 'rows'}`
        : `${amount(s.done, unit, lang)}/${amount(s.total, unit, lang)}`;
    parts.push(`[${'█'.repeat(full)}${'░'.repeat(WIDTH - full)}] ${Math.floor(f * 100)}% (${of})`);
  }
  if (s.extra) parts.push(s.extra);
  return parts.join(' ');
}

/** A progress line, or undefined when nobody would see it (no terminal, --json, -q). */
export function progressLine(ctx: Context): ProgressLine | undefined {
  if (!ctx.io.stderrIsTTY || ctx.opts.quiet || ctx.opts.json) return undefined;
  const delay = ctx.settings.progressDelayMs;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(s) {
      const now = Date.now();
      if (now - started < delay || now - last < THROTTLE_MS) return;
      last = now;
      drawn = true;
      ctx.io.stderr.write(`\r${progressText(s, ctx.opts.lang)}\u001b[K`);
    },
    stop() {
      if (drawn) ctx.io.stderr.write('\r\u001b[K');
      drawn = false;
    },
  };
}
