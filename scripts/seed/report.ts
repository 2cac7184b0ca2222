/** Progress lines (one updating line on a terminal, a few milestones otherwise) and number formatting. */

export interface ProgressBar {
  update(done: number): void;
  done(): void;
}

export interface Progress {
  start(label: string, total: number): ProgressBar;
}

export function progress(out: NodeJS.WriteStream = process.stdout): Progress {
  const tty = Boolean(out.isTTY);
  return {
    start(label, total) {
      const started = Date.now();
      let shown = 0;
      let current = 0;
      const line = (done: number) => `  ${label.padEnd(30)} ${String(done).padStart(String(total).length)}/${total}`;
      if (tty) out.write(line(0));
      return {
        update(done) {
          current = done;
          if (tty) out.write(`\r${line(done)}`);
          else if (total >= 8 && done < total && done >= shown + Math.ceil(total / 4)) {
            shown = done;
            out.write(`${line(done)}\n`);
          }
        },
        done() {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          const text = total === 1 ? `  ${label.padEnd(30)} done` : line(Math.max(current, total));
          out.write(`${tty ? '\r' : ''}${text} (${seconds}s)\n`);
        },
      };
    },
  };
}

export const n = (value: number) => value.toLocaleString('en-US');

/** "active 180, pending 40" from a count map, biggest first. */
export function breakdown(counts: Map<string, number> | Record<string, number>): string {
  const entries = counts instanceof Map ? [...counts] : Object.entries(counts);
  return entries
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${key} ${n(count)}`)
    .join(', ');
}

export function countBy<T>(items: readonly T[], key: (item: T) => string | null | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k === null || k === undefined) continue;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
