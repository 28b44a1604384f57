// End-to-end tests: start the real API (fresh SQLite under ../var, demo data) serving the built
// app, run every e2e/flows/*.test.mjs with node:test against it, and stop the server.
//
//   npm run build && npm run test:e2e            all flows
//   npm run test:e2e -- parties                  only flows whose file name contains "parties"
//
// Env: KOMPAS_E2E_BASE_URL=http://127.0.0.1:8000 runs against a server you started yourself.
//
// Before the API a mock identity provider (e2e/idp.mjs) starts on a free port, and the API is
// configured to accept its tokens (KOMPAS_OIDC_*), so flows can log in through OpenID Connect.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, '..');
const root = resolve(frontend, '..');
const kompas = join(root, '.venv', 'bin', 'kompas');
const dist = join(frontend, 'dist');

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Parse the demo logins that `kompas seed-demo` prints. */
export function parseDemoLogins(output) {
  const password = /password for all:\s*(\S+?)\)?:?\s*$/m.exec(output)?.[1];
  const users = {};
  for (const match of output.matchAll(/^\s+(admin|coordinator|member|partner|viewer)\s+(\S+@\S+)\s*$/gm)) {
    users[match[1]] = match[2];
  }
  return { password, users };
}

async function waitForHealth(baseUrl, server, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the API exited early with code ${server.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not answer ${baseUrl}/api/v1/health within ${seconds}s`);
}

/** Start the mock identity provider (e2e/idp.mjs) for the app at `appOrigin`; resolves to its issuer. */
async function startIdp(appOrigin, logFd) {
  const port = await freePort();
  const idp = spawn(process.execPath, [join(here, 'idp.mjs'), '--port', String(port), '--app-origin', appOrigin], {
    cwd: frontend,
    stdio: ['ignore', logFd, logFd],
  });
  const issuer = `http://127.0.0.1:${port}/realms/kompas`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (idp.exitCode !== null) throw new Error(`the mock identity provider exited early with code ${idp.exitCode}`);
    try {
      if ((await fetch(`${issuer}/.well-known/openid-configuration`)).ok) return { idp, issuer };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  idp.kill('SIGTERM');
  throw new Error('the mock identity provider did not start');
}

async function main() {
  const filter = process.argv[2] ?? '';
  const flows = readdirSync(join(here, 'flows'))
    .filter((name) => name.endsWith('.test.mjs') && name.includes(filter))
    .sort()
    .map((name) => join(here, 'flows', name));
  if (flows.length === 0) throw new Error(`no flows match "${filter}"`);

  let baseUrl = process.env.KOMPAS_E2E_BASE_URL;
  let server = null;
  let idp = null;
  const env = { ...process.env };

  if (!baseUrl) {
    if (!existsSync(join(dist, 'index.html'))) throw new Error('frontend/dist is missing: run `npm run build` first');
    if (!existsSync(kompas)) throw new Error(`${kompas} is missing: install the backend first (make install)`);
    const varDir = join(root, 'var');
    mkdirSync(varDir, { recursive: true });
    const port = await freePort();
    const intranetPort = await freePort();
    const database = join(varDir, `e2e-${port}.db`);
    rmSync(database, { force: true });
    mkdirSync(join(here, 'output'), { recursive: true });
    const idpLogFd = openSync(join(here, 'output', 'idp.log'), 'w');
    const started = await startIdp(`http://127.0.0.1:${port}`, idpLogFd);
    closeSync(idpLogFd);
    idp = started.idp;
    env.KOMPAS_E2E_IDP_ISSUER = started.issuer;
    const serverEnv = {
      ...process.env,
      KOMPAS_DATABASE_URL: `sqlite:///${database}`,
      KOMPAS_WEB_DIR: dist,
      KOMPAS_SECRET_KEY: randomBytes(32).toString('hex'),
      // The mock identity provider: its ID tokens carry the client id as audience.
      KOMPAS_OIDC_ISSUER: started.issuer,
      KOMPAS_OIDC_AUDIENCE: 'kompas-web',
      KOMPAS_OIDC_CLIENT_ID: 'kompas-web',
      KOMPAS_OIDC_JWKS_URL: `${started.issuer}/protocol/openid-connect/certs`,
      KOMPAS_OIDC_ORGANISATION: 'Gemeente Voorbeeld',
      // A stand-in intranet (started by the widget's flow on this port) may frame the widget.
      KOMPAS_WIDGET_ORIGINS: `http://127.0.0.1:${intranetPort}`,
      // The stand-in receiver of the webhooks flow listens on the loopback address.
      KOMPAS_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    };
    env.KOMPAS_E2E_INTRANET_PORT = String(intranetPort);
    for (const command of ['migrate', 'seed-demo']) {
      const result = spawnSync(kompas, [command], { cwd: root, env: serverEnv, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`kompas ${command} failed:\n${result.stdout}\n${result.stderr}`);
      if (command === 'seed-demo') {
        const logins = parseDemoLogins(result.stdout);
        if (logins.password) env.KOMPAS_E2E_PASSWORD = logins.password;
        env.KOMPAS_E2E_USERS = JSON.stringify(logins.users);
      }
    }
    // The server writes its log straight to e2e/output/server.log (git ignores it). Not a pipe:
    // while the flows run this process waits synchronously and would not drain one, and a
    // server whose log pipe is full stops answering.
    mkdirSync(join(here, 'output'), { recursive: true });
    const logFile = join(here, 'output', 'server.log');
    const logFd = openSync(logFile, 'w');
    server = spawn(kompas, ['serve', '--port', String(port)], {
      cwd: root,
      env: serverEnv,
      stdio: ['ignore', logFd, logFd],
    });
    closeSync(logFd);
    baseUrl = `http://127.0.0.1:${port}`;
    const stop = () => {
      if (server && server.exitCode === null) server.kill('SIGTERM');
      if (idp && idp.exitCode === null) idp.kill('SIGTERM');
    };
    process.on('exit', () => {
      stop();
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(database + suffix, { force: true });
    });
    process.on('SIGINT', () => process.exit(130));
    process.on('SIGTERM', () => process.exit(143));
    try {
      await waitForHealth(baseUrl, server);
    } catch (error) {
      console.error(`e2e: see ${logFile}`);
      throw error;
    }
    console.log(`e2e: API and app on ${baseUrl} (database ${database})`);
  }

  env.KOMPAS_E2E_BASE_URL = baseUrl;
  // The flows compute dates as the people using Kompas do: in the Netherlands (the browser too).
  env.TZ = 'Europe/Amsterdam';
  // One flow at a time (they share the database); no single test may hang the run.
  const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=120000', ...flows], {
    cwd: frontend,
    env,
    stdio: 'inherit',
  });
  process.exitCode = result.status ?? 1;
  if (process.exitCode !== 0 && server) console.error('e2e: the server log is in e2e/output/server.log');
  if (server) await stopServer(server);
  if (idp) await stopServer(idp);
}

async function stopServer(server) {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

main().catch((error) => {
  console.error(`e2e: ${error.message}`);
  process.exitCode = 1;
});
