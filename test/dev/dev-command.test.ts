// README's first command, as a person runs it: `npm run dev` brings up the whole stack and Ctrl-C takes it down.
import { devSecrets } from '../../scripts/dev-secrets';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local-postgres';
import { readJson } from '../support/http';

const dataDir = join(mkdtempSync(join(tmpdir(), 'carmate-dev-test-')), 'pg');

afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

/** Processes whose command line mentions `needle` (ours are tagged by their unique data dir and ports). */
function processesMatching(needle: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(needle) && !line.includes('ps -eo'));
}

/** Every process descended from `root`, with its command (workerd, postgres, … whatever they are called). */
function descendants(root: number): Map<number, string> {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const found = new Map<number, string>();
  let frontier = [root];
  while (frontier.length) {
    const children = rows.filter((r) => frontier.includes(r.ppid) && !found.has(r.pid));
    for (const child of children) found.set(child.pid, child.args);
    frontier = children.map((c) => c.pid);
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run dev', () => {
  it('serves the API with seeded demo data and the live-board room, then leaves no process behind on Ctrl-C', async () => {
    const apiPort = await freePort();
    const partyPort = await freePort();
    const dev = spawn('npm', ['run', 'dev'], {
      env: { ...process.env, PORT: String(apiPort), PARTYKIT_PORT: String(partyPort), CARMATE_DEV_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, like a terminal's foreground job
    });
    let output = '';
    dev.stdout.on('data', (chunk) => (output += chunk));
    dev.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => dev.on('exit', (code) => resolve(code)));
    let started = new Map<number, string>();

    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Carmate Edge is running.')) {
        if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`npm run dev did not come up:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const health = await fetch(`http://127.0.0.1:${apiPort}/health`);
      expect(health.status).toBe(200);
      expect(await readJson(health)).toMatchObject({ database: 'ok' });
      expect(output).toContain('admin@carmate.example.com');
      // The room tells its state to the API alone (the shared secret).
      expect((await fetch(`http://127.0.0.1:${partyPort}/parties/main/1`)).status).toBe(401);
      const room = await fetch(`http://127.0.0.1:${partyPort}/parties/main/1`, { headers: { Authorization: `Bearer ${devSecrets().PARTY_SECRET}` } });
      expect(room.status).toBe(200);
      // The board page was built with this API's address in it (never taken from the page's URL).
      expect((await fetch(`http://127.0.0.1:${partyPort}/`)).status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${partyPort}/dist/board-page.js`)).text()).toContain(`http://127.0.0.1:${apiPort}`);
      started = descendants(dev.pid!);
      const commands = [...started.values()].join('\n');
      expect(commands).toContain('postgres');
      expect(commands).toContain('workerd');
      expect(commands).toContain('partykit');
      // Nothing of the stack can be reached from the network: every socket it listens on is loopback.
      const listening = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' }).split('\n')
        .filter((line) => [...line.matchAll(/pid=(\d+)/g)].some((m) => started.has(Number(m[1]))))
        .map((line) => `${line.trim().split(/\s+/)[3]!} ${/users:\(\("([^"]+)",pid=(\d+)/.exec(line)?.slice(1).join(':')}`);
      expect(listening.length).toBeGreaterThanOrEqual(4);
      expect(listening.filter((entry) => !/^(127\.0\.0\.1|\[::1\]):\d+ /.test(entry)), listening.join(', ')).toEqual([]);
    } finally {
      process.kill(-dev.pid!, 'SIGINT'); // what Ctrl-C sends to the terminal's foreground process group
      await exited;
    }

    // npm returns at once on Ctrl-C; our cleanup (≈30 ms) finishes right after it.
    const survivors = () => [...started].filter(([pid]) => alive(pid)).map(([pid, args]) => `${pid} ${args}`);
    const deadline = Date.now() + 10_000;
    while (survivors().length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(survivors(), output).toEqual([]);
    expect(processesMatching(dataDir)).toEqual([]); // no PostgreSQL on this data dir, even if re-parented
    await expect(fetch(`http://127.0.0.1:${apiPort}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${partyPort}/parties/main/1`)).rejects.toThrow();
  }, 120_000);
});
