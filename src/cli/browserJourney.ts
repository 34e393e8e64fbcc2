/**
 * The built app (dist/) in headless Chromium: a tiny static server on 127.0.0.1 and the system
 * Chromium driven through playwright-core. Every request is recorded; a request to any other origin
 * than the page's is blocked and reported (data: and blob: URLs are the browser's own). Used by the
 * browser benchmark (benchBrowser.ts) and, through tests/e2e/harness.ts, by the end-to-end tests.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
// PBS_LENS_DIST points the browser tests at another build (e.g. one made away from a dist/ others are testing).
export const DIST = process.env.PBS_LENS_DIST ? path.resolve(process.env.PBS_LENS_DIST) : path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = '/usr/bin/chromium';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serve `dir` on a random free port of 127.0.0.1; unknown paths without an extension get index.html. */
export async function serveStatic(dir = DIST): Promise<StaticServer> {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run \`npm run build\` first (npm test does).`);
  }
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.normalize(path.join(dir, urlPath));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      if (path.extname(urlPath) !== '') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      file = path.join(dir, 'index.html');
    }
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': fs.statSync(file).size, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Journey {
  page: Page;
  context: BrowserContext;
  origin: string;
  /** The fresh browser profile's folder (its processes carry it in --user-data-dir). */
  userDataDir: string;
  /** Every URL requested by the page and its workers, in order. */
  requests: string[];
  offOrigin: string[];
  failedResponses: string[];
  consoleErrors: string[];
  pageErrors: string[];
  /** Open a path of the app (e.g. "/?sample=1") and wait for the shell. */
  goto(pathAndQuery?: string): Promise<void>;
  /** Full-page screenshot into tests/artifacts/<name>.png; returns its path. */
  screenshot(name: string): Promise<string>;
  /** Throw when anything left the origin, failed to load or logged an error. */
  assertClean(): void;
  close(): Promise<void>;
}

function isOwnOrUrlLocal(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** Start the static server and a fresh headless Chromium profile. */
export async function startJourney(opts: { viewport?: { width: number; height: number } } = {}): Promise<Journey> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`node scripts/setup.mjs --browser\`.`);
  const server = await serveStatic();
  const origin = server.origin;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-lens-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    locale: 'en-GB',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=en-GB',
    ],
  });
  const requests: string[] = [];
  const offOrigin: string[] = [];
  const failedResponses: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];

  // Seen from the context so requests from workers count too.
  context.on('request', (req) => {
    requests.push(req.url());
    if (!isOwnOrUrlLocal(req.url(), origin)) offOrigin.push(req.url());
  });
  context.on('response', (res) => {
    if (res.status() >= 400) failedResponses.push(`${res.status()} ${res.url()}`);
  });
  // A second line: anything bound elsewhere is recorded and never reaches the network.
  await context.route(
    (url) => !isOwnOrUrlLocal(url.href, origin),
    async (route) => {
      const url = route.request().url();
      if (!offOrigin.includes(url)) offOrigin.push(url);
      await route.abort('blockedbyclient');
    },
  );

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page,
    context,
    origin,
    userDataDir,
    requests,
    offOrigin,
    failedResponses,
    consoleErrors,
    pageErrors,
    async goto(pathAndQuery = '/') {
      await page.goto(origin + pathAndQuery);
      await page.getByRole('heading', { level: 1 }).waitFor();
    },
    async screenshot(name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    assertClean() {
      const problems = [
        ...offOrigin.map((u) => `request left the page's origin: ${u}`),
        ...failedResponses.map((r) => `failed response: ${r}`),
        ...pageErrors.map((e) => `page error: ${e}`),
        ...consoleErrors.map((e) => `console error: ${e}`),
      ];
      if (problems.length > 0) throw new Error(problems.join('\n'));
    },
    async close() {
      await context.close();
      await server.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
