// The real `partykit dev` for tests and benchmarks: its own port and state folder, stopped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devSecrets } from './dev-secrets';
import { freePort } from './local-postgres';
import { startProcess, waitForHttp } from './processes';

export interface RunningPartyKit {
  url: string;
  wsUrl: string;
  /** Signals the whole room server (partykit and its workerd): SIGSTOP freezes it, SIGCONT thaws it (fault tests). */
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

/** `port` restarts a room server where a Worker already points (fault tests); otherwise a free one. */
export async function startPartyKit(vars: Record<string, string> = {}, options: { port?: number } = {}): Promise<RunningPartyKit> {
  const port = options.port ?? (await freePort());
  const state = mkdtempSync(join(tmpdir(), 'carmate-party-'));
  const allVars = { ...devSecrets(), ...vars };
  let output = '';
  const child = startProcess(
    'party',
    'npx',
    ['partykit', 'dev', '--port', String(port), '--persist', state, '--disable-request-cf-fetch', '--no-hotkeys',
      ...Object.entries(allVars).flatMap(([k, v]) => ['--var', `${k}=${v}`]),
      // The board page's API is fixed when the page is built, never taken from its URL.
      ...(vars.API_URL ? ['--define', `CARMATE_API_URL=${JSON.stringify(vars.API_URL)}`] : [])],
    { env: { ...process.env, FORCE_COLOR: '0' }, onLine: (line) => { output += `${line}\n`; if (process.env.PARTYKIT_LOG) console.log(`[party] ${line}`); } },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    // The room answers 401 to a GET without the shared secret: its code is loaded and running.
    await waitForHttp(`${url}/parties/main/health`, { status: 401, timeoutMs: 60_000 });
  } catch (err) {
    await child.stop();
    throw new Error(`partykit dev did not start: ${String(err)}\n${output}`);
  }
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    signal: (signal) => process.kill(-child.child.pid!, signal),
    async stop() {
      await child.stop();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
