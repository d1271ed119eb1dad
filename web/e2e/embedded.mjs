// The web app as the binary serves it without a web folder (WebApp::Embedded): starts
// `lotse serve` (../target/debug/lotse, or LOTSE_BIN) in an empty temporary folder with no
// LOTSE_* settings, so neither LOTSE_WEB_DIR nor ./web/dist applies, and checks over plain
// HTTP (no browser) what the app needs from it: its routes and unknown paths answer
// dist/index.html (unknown ones with 404), the hashed files under /assets come with their
// type and immutable caching, index.html and the favicon are revalidated, and a missing
// asset is a 404 that is never cached for good.
//
// Debug builds of rust-embed read web/dist (the path is fixed at compile time) at run time;
// release builds carry the files inside. Either way the server's embedded code path runs:
// WebApp::embedded(), its routes, content types and Cache-Control. Run after `npm run build`
// (`npm run e2e:real` does both).
//
//   npm run e2e:real
//   LOTSE_BIN=... node e2e/embedded.mjs

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BIN, checkRunner, dist, fail, freePort, stop } from './support.mjs';

const IMMUTABLE = 'public, max-age=31536000, immutable';

if (!existsSync(BIN)) fail(`The lotse binary is missing at ${BIN}: run \`cargo build -p lotse\` first (or set LOTSE_BIN).`);
if (!existsSync(path.join(dist, 'index.html'))) fail(`No web build in ${dist}: run \`npm run build\` first.`);

/** Starts `lotse serve` in `tmp` with only the settings given here; resolves once /ready answers. */
async function startServer(tmp) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // No LOTSE_* from outside (LOTSE_WEB_DIR or LOTSE_CONFIG would pick another mode).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOTSE_')));
  const child = spawn(BIN, ['serve', '--no-workers'], {
    cwd: tmp,
    env: {
      ...env,
      LOTSE_DATABASE_URL: `sqlite:${path.join(tmp, 'lotse.sqlite')}`,
      LOTSE_LISTEN: `127.0.0.1:${port}`,
      // Any free port: several servers may run on this machine at once.
      LOTSE_METRICS_LISTEN: '127.0.0.1:0',
      LOTSE_PUBLIC_URL: base,
      LOTSE_MAIL_DIR: path.join(tmp, 'mail'),
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c) => (log += c.toString()));
  child.stderr.on('data', (c) => (log += c.toString()));
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`the server stopped (exit ${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return { child, base };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`the server was not ready within 60 s:\n${log}`);
}

function expect(ok, message) {
  if (!ok) throw new Error(message);
}

async function get(base, p) {
  const r = await fetch(`${base}${p}`, { redirect: 'manual' });
  return {
    status: r.status,
    type: r.headers.get('content-type') ?? '',
    cache: r.headers.get('cache-control') ?? '',
    body: Buffer.from(await r.arrayBuffer()),
  };
}

async function main() {
  const index = await readFile(path.join(dist, 'index.html'));
  // The hashed files index.html loads: a script and a style sheet at least (a build without
  // them would make the asset checks below pointless).
  const assets = [...index.toString().matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  const script = assets.find((a) => a.endsWith('.js'));
  const style = assets.find((a) => a.endsWith('.css'));
  if (!script || !style) fail(`dist/index.html names no /assets/*.js and *.css: ${JSON.stringify(assets)}`);

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lotse-embedded-'));
  let server;
  const { check, setupFailed, finish } = checkRunner({ stackLines: 1 });
  /** The app's index.html, byte for byte, never cached for good. */
  function isIndex(r, p) {
    expect(r.type.startsWith('text/html'), `${p}: content type ${r.type}`);
    expect(r.body.equals(index), `${p}: the body is not dist/index.html: ${r.body.toString().slice(0, 200)}`);
    expect(!r.cache.includes('immutable'), `${p}: cached for good (${r.cache})`);
  }

  try {
    server = await startServer(tmp);
    console.log(`lotse serves ${server.base} from ${tmp} (no web folder there)`);

    await check('/ answers the app’s index.html, revalidated', async () => {
      const r = await get(server.base, '/');
      expect(r.status === 200, `/: HTTP ${r.status}`);
      isIndex(r, '/');
      expect(r.cache === 'no-cache', `/: Cache-Control ${r.cache}`);
    });
    await check('a deep link into the app (/kommunen/xyz) answers index.html', async () => {
      const r = await get(server.base, '/kommunen/xyz');
      expect(r.status === 200, `HTTP ${r.status}`);
      isIndex(r, '/kommunen/xyz');
    });
    await check('an unknown path (/gemeinden/xyz) answers index.html with 404 (the app’s “not found”)', async () => {
      const r = await get(server.base, '/gemeinden/xyz');
      expect(r.status === 404, `HTTP ${r.status}`);
      isIndex(r, '/gemeinden/xyz');
    });
    for (const [asset, type] of [
      [script, /^text\/javascript|^application\/javascript/],
      [style, /^text\/css/],
    ]) {
      await check(`${asset} comes with its type and immutable caching`, async () => {
        const r = await get(server.base, asset);
        expect(r.status === 200, `HTTP ${r.status}`);
        expect(type.test(r.type), `content type ${r.type}`);
        expect(r.cache === IMMUTABLE, `Cache-Control ${r.cache}`);
        expect(r.body.equals(await readFile(path.join(dist, asset))), 'the body is not the built file');
      });
    }
    await check('the favicon is served as SVG and revalidated', async () => {
      const r = await get(server.base, '/favicon.svg');
      expect(r.status === 200, `HTTP ${r.status}`);
      expect(r.type.startsWith('image/svg+xml'), `content type ${r.type}`);
      expect(r.cache === 'no-cache', `Cache-Control ${r.cache}`);
      expect(r.body.equals(await readFile(path.join(dist, 'favicon.svg'))), 'the body is not dist/favicon.svg');
    });
    await check('a missing asset is a 404 that is not cached for good', async () => {
      const r = await get(server.base, '/assets/index-00000000.js');
      expect(r.status === 404, `HTTP ${r.status}`);
      expect(!r.cache.includes('immutable'), `Cache-Control ${r.cache}`);
    });
  } catch (e) {
    setupFailed(e);
  } finally {
    if (server) await stop(server.child);
    await rm(tmp, { recursive: true, force: true });
  }
  finish();
}

await main();
