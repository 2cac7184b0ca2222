/** Where the CLI writes: a terminal gets a progress bar redrawn in place, anything else plain lines. */
export interface Output {
  interactive: boolean;
  line(text: string): void;
  /** A progress report; on a terminal it redraws one bar, otherwise a line when it moved by 10% or changed state. */
  progress(label: string, done: number, total: number, extra?: string): void;
  /** Ends a progress bar (a newline on a terminal). */
  endProgress(): void;
}

const BAR = 30;

export function createOutput(stream: NodeJS.WriteStream = process.stdout): Output {
  const interactive = Boolean(stream.isTTY);
  let drawn = false;
  let lastPlain = '';
  return {
    interactive,
    line(text) {
      if (drawn) stream.write('\n');
      drawn = false;
      stream.write(`${text}\n`);
    },
    progress(label, done, total, extra = '') {
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
      if (interactive) {
        const filled = Math.round((percent / 100) * BAR);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${percent}% ${done}/${total} ${extra}\u001b[K`);
        drawn = true;
        return;
      }
      const key = `${label} ${Math.floor(percent / 10)}`;
      if (key === lastPlain) return;
      lastPlain = key;
      stream.write(`${label} ${percent}% ${done}/${total}${extra ? ` ${extra}` : ''}\n`);
    },
    endProgress() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** A two-column table of a summary (name, value), aligned. */
export function table(rows: Array<[string, string | number]>): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n');
}
