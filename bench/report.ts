import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One benchmark figure, compared with a baseline measured in the same run (DESIGN §7). */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  /** value / baselineValue */
  ratio: number;
  /** What the ratio should reach, in words (e.g. ">= 0.5"), or null when informative only. */
  target: string | null;
}

export function result(
  name: string,
  value: number,
  unit: string,
  baseline: string,
  baselineValue: number,
  target: string | null,
): BenchResult {
  return {
    name,
    value,
    unit,
    baseline,
    baselineValue,
    ratio: baselineValue === 0 ? 0 : value / baselineValue,
    target,
  };
}

const fmt = (n: number) =>
  Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(3);

/** Prints the results as a table and writes them to bench/results/latest.json. */
export function report(results: BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    `${r.baseline}: ${fmt(r.baselineValue)} ${r.unit}`,
    r.ratio.toFixed(3),
    r.target ?? '-',
  ]);
  const header = ['benchmark', 'value', 'baseline (same run)', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  const table = [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map(line),
  ].join('\n');
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return table;
}
