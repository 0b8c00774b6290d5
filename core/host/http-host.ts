import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { dispatch } from '../api/dispatch.js';
import type { FerryEnv } from '../env/env.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface HttpHost {
  url: string;
  /** The URL to open in a browser: carries the per-launch token once, the page then drops it. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The contract over HTTP on 127.0.0.1, plus the built renderer. Every API call needs this
 * launch's token; calls are `POST /api/call/<operation>` with a JSON body and answer with
 * NDJSON: progress lines, then one result line. Closing the request cancels the operation.
 */
export async function startHttpHost(env: FerryEnv, options: { port?: number } = {}): Promise<HttpHost> {
  const token = randomBytes(24).toString('base64url');
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, 500, { ok: false, error: { code: 'unexpected', message: 'The request failed.' } });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) return send(res, 421, { error: 'wrong host' });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req, token)) {
        return send(res, 401, {
          ok: false,
          error: {
            code: 'not-authorised',
            message: 'This page has no valid access token. Open the address Ferry printed when it started.',
          },
        });
      }
      if (req.method === 'POST' && url.pathname.startsWith('/api/call/')) {
        return callOperation(decodeURIComponent(url.pathname.slice('/api/call/'.length)), req, res);
      }
      if (req.method === 'POST' && url.pathname === '/api/upload') return upload(url, req, res);
      return send(res, 404, { ok: false, error: { code: 'not-found', message: 'No such API path.' } });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    return serveStatic(url.pathname, res);
  }

  async function callOperation(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let input: unknown;
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return send(res, 400, {
        ok: false,
        error: { code: 'invalid-input', message: 'The request was not valid JSON.' },
      });
    }
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    res.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
      ...securityHeaders(),
    });
    const result = await dispatch(name, input, {
      env,
      carrier: 'http',
      signal: controller.signal,
      progress: (p) => res.write(JSON.stringify({ progress: p }) + '\n'),
    });
    res.end(JSON.stringify({ result }) + '\n');
  }

  /** Browser-side file choice: the bytes are saved under Ferry's home and registered by id. */
  async function upload(url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const name = path.basename(url.searchParams.get('name') ?? '').replace(/[\\/:*?"<>|\0]/g, '_');
    if (!name || name === '.' || name === '..') {
      return send(res, 400, { ok: false, error: { code: 'invalid-input', message: 'The file needs a name.' } });
    }
    const batch = /^[\w-]{1,64}$/.test(url.searchParams.get('batch') ?? '')
      ? url.searchParams.get('batch')!
      : randomUUID();
    const dir = path.join(env.home, 'uploads', batch);
    await fs.mkdir(dir, { recursive: true });
    const dest = path.join(dir, name);
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) req.destroy(new Error('too large'));
    });
    try {
      await pipeline(req, createWriteStream(dest));
    } catch {
      await fs.rm(dest, { force: true });
      return send(res, 400, {
        ok: false,
        error: { code: 'upload-failed', message: `"${name}" could not be received. Try again.` },
      });
    }
    const file = await env.files.register(dest);
    const folder = await env.files.register(dir);
    send(res, 200, { ok: true, value: { file, folder, batch } });
  }

  async function serveStatic(pathname: string, res: http.ServerResponse): Promise<void> {
    const root = env.rendererDir;
    if (!root) return send(res, 404, { error: 'This Ferry has no built screens. Run "npm run build" first.' });
    const rel = path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = path.join(root, rel);
    if (!file.startsWith(path.resolve(root))) return send(res, 403, { error: 'forbidden' });
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) file = path.join(root, 'index.html');
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, ...securityHeaders() });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openUrl: `${url}/#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

/** Only our own address: a page on another site that rebinds DNS to 127.0.0.1 is refused. */
function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function authorised(req: http.IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...securityHeaders() });
  res.end(JSON.stringify(body));
}
