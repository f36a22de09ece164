// `partykit dev` (0.0.x) listens on every interface and offers no option to change it: the room, its inspector,
// its port probe and its assets server (esbuild) bind 0.0.0.0. A developer's room (with the board's events) must
// not be reachable from the network, so this rewrites those few listen calls of the installed CLI to 127.0.0.1. Idempotent; it fails loudly when a
// new partykit version no longer has the code it expects, so the change is never silently lost.
import { readFileSync, writeFileSync } from 'node:fs';

const file = 'node_modules/partykit/dist/bin.mjs';
const rewrites = [
  ['host: "0.0.0.0",', 'host: "127.0.0.1",'],
  ['server.listen(props.port);', 'server.listen(props.port, "127.0.0.1");'],
  ['server.listen(\n        port,\n        () => terminator', 'server.listen(\n        port, "127.0.0.1",\n        () => terminator'],
  ['        port: portForAssetsServer,\n        servedir', '        port: portForAssetsServer, host: "127.0.0.1",\n        servedir'],
];

let source = readFileSync(file, 'utf8');
let changed = false;
for (const [from, to] of rewrites) {
  if (source.includes(to)) continue;
  if (!source.includes(from)) throw new Error(`${file}: expected code not found (${JSON.stringify(from)}); partykit changed, update scripts/loopback-partykit.mjs`);
  source = source.replace(from, to);
  changed = true;
}
if (changed) writeFileSync(file, source);
