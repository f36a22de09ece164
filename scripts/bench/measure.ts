// Measuring tools for the benchmarks: timings, percentiles and the workerd process's memory.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

/** workerd processes started by this Node process (one per running Miniflare instance). */
export function workerdPids(): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' }).split('\n');
  const all = rows
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), comm: m[3]!.trim() }));
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) if (mine.has(p.ppid) && !mine.has(p.pid)) (mine.add(p.pid), (grew = true));
  }
  return all.filter((p) => mine.has(p.pid) && p.comm.startsWith('workerd')).map((p) => p.pid);
}

/** Resident memory now and at its peak (KiB), from /proc: the whole workerd process, runtime included. */
export function memoryOf(pid: number): { rssKib: number; peakKib: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKib: field('VmRSS'), peakKib: field('VmHWM') };
}
