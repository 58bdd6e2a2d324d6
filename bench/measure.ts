/** A small timing helper for benchmarks: warm up, then run until enough time has passed. */

/** One benchmark result, printed as a JSON line. */
export interface BenchResult {
  name: string;
  suite?: string;
  op: string;
  iterations: number;
  usPerOp: number;
  opsPerSec: number;
  [extra: string]: unknown;
}

/** Runs `fn` repeatedly for about `seconds` (after a warm-up) and returns µs per call. */
export function measure(fn: (i: number) => unknown, seconds = Number(process.env.BENCH_SECONDS ?? 1)): { iterations: number; usPerOp: number } {
  const warmEnd = performance.now() + Math.min(300, seconds * 300);
  let i = 0;
  while (performance.now() < warmEnd) fn(i++);
  const budget = seconds * 1000;
  let iterations = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budget) {
    for (let k = 0; k < 8; k++) fn(iterations++);
    now = performance.now();
  }
  return { iterations, usPerOp: ((now - start) * 1000) / iterations };
}

/** Prints one result as a JSON line and returns it. */
export function report(name: string, op: string, m: { iterations: number; usPerOp: number }, extra: Record<string, unknown> = {}): BenchResult {
  const r: BenchResult = {
    name,
    op,
    iterations: m.iterations,
    usPerOp: Number(m.usPerOp.toFixed(2)),
    opsPerSec: Number((1e6 / m.usPerOp).toFixed(1)),
    ...extra,
  };
  process.stdout.write(JSON.stringify(r) + '\n');
  return r;
}

/**
 * Like {@link measure}, and also the process CPU time per call (process.cpuUsage), which
 * other processes on a busy machine disturb far less than wall time. Returns both, in µs.
 */
export function measureCpu(
  fn: (i: number) => unknown,
  seconds = Number(process.env.BENCH_SECONDS ?? 1),
): { iterations: number; usPerOp: number; cpuUsPerOp: number } {
  const warmEnd = performance.now() + Math.min(300, seconds * 300);
  let i = 0;
  while (performance.now() < warmEnd) fn(i++);
  const budget = seconds * 1000;
  let iterations = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < budget) {
    for (let k = 0; k < 8; k++) fn(iterations++);
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  return { iterations, usPerOp: ((now - start) * 1000) / iterations, cpuUsPerOp: (cpu.user + cpu.system) / iterations };
}
