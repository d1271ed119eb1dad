// GraphQL over HTTP, as specified: runs every audit of graphql-http's suite (the reference
// implementation's checks of the GraphQL-over-HTTP specification) against `lotse serve`
// (../target/debug/lotse, or LOTSE_BIN) on a fresh SQLite database. Every MUST and every
// SHOULD must pass; what the specification leaves open (MAY) is listed, not judged.
//
//   npm run e2e:real
//   LOTSE_BIN=... node e2e/conformance.mjs

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serverAudits } from 'graphql-http';
import { BIN, checkRunner, fail, startPlainServer, stop } from './support.mjs';

if (!existsSync(BIN)) fail(`The lotse binary is missing at ${BIN}: run \`cargo build -p lotse\` first (or set LOTSE_BIN).`);

const runner = checkRunner({ stackLines: 2 });
const tmp = await mkdtemp(path.join(os.tmpdir(), 'lotse-conformance-'));
let server;
try {
  server = await startPlainServer(tmp);
  const audits = serverAudits({ url: `${server.base}/graphql` });
  for (const audit of audits) {
    if (audit.name.startsWith('MAY')) {
      const result = await audit.fn();
      console.log(`may  ${audit.id} ${audit.name}: ${result.status === 'ok' ? 'yes' : `no (${result.reason})`}`);
      continue;
    }
    await runner.check(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      if (result.status !== 'ok') throw new Error(result.reason);
    });
  }
} catch (e) {
  runner.setupFailed(e);
} finally {
  await stop(server?.child);
  await rm(tmp, { recursive: true, force: true });
}
runner.finish();
