/**
 * A one-line progress bar on stderr, shown only when stderr is a TTY (redrawn at most
 * ten times a second, cleared at the end).
 */

/** Progress reporter: `update(done)` as work completes, `finish()` once. */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

/** A progress bar over `total` units named `unit`; a no-op when `stream` is not a TTY. */
export function progressBar(total: number, unit: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  const start = Date.now();
  let last = 0;
  const draw = (done: number): void => {
    const width = 30;
    const frac = total === 0 ? 1 : done / total;
    const filled = Math.round(frac * width);
    const secs = (Date.now() - start) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(1).padStart(5)}% ${done}/${total} ${unit}` +
        `  ${rate.toFixed(0)}/s  eta ${eta.toFixed(0)} s `,
    );
  };
  return {
    update(done: number) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    finish() {
      stream.write('\r\x1b[2K');
    },
  };
}
