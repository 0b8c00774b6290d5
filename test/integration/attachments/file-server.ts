import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface FileServer {
  base: string;
  /** Requests seen per path, to tell a skipped file from a downloaded one. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** The bytes served for `/files/<name>`: distinct per name, a few KB, so equality checks mean something. */
export function bytesFor(name: string): Buffer {
  return Buffer.from(`${name}\n`.repeat(200 + name.length * 37));
}

/**
 * A stand-in for Airtable's attachment host on 127.0.0.1: working files, an expired link (403),
 * a missing one (404), one that never answers, redirects (to a file and to a `file:` address) and
 * one that sends a little and then stalls, to cancel mid-file.
 */
export async function startFileServer(): Promise<FileServer> {
  const hits = new Map<string, number>();
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const [, kind, name = ''] = url.pathname.split('/');
    const file = decodeURIComponent(name);
    switch (kind) {
      case 'files': {
        const body = bytesFor(file);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
        return res.end(body);
      }
      case 'chunked': {
        // No length announced: the size is known only once the bytes arrive.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(bytesFor(file));
        return res.end();
      }
      case 'steady': {
        // Ten pieces, 150 ms apart: slow overall, never quiet for long.
        const body = bytesFor(file);
        const piece = Math.ceil(body.length / 10);
        res.writeHead(200, { 'content-length': body.length });
        let sent = 0;
        const timer = setInterval(() => {
          res.write(body.subarray(sent, sent + piece));
          sent += piece;
          if (sent >= body.length) {
            clearInterval(timer);
            res.end();
          }
        }, 150);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'expired':
        res.writeHead(403, { 'content-type': 'application/xml' });
        return res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      case 'missing':
        res.writeHead(404);
        return res.end('not found');
      case 'slow':
        open.add(res);
        return; // never answers
      case 'redirect':
        res.writeHead(302, { location: `/files/${name}` });
        return res.end();
      case 'redirect-broken':
        res.writeHead(302, { location: 'http://[::1' });
        return res.end();
      case 'redirect-file':
        res.writeHead(302, { location: 'file:///etc/passwd' });
        return res.end();
      case 'trickle':
        open.add(res);
        res.writeHead(200, { 'content-length': 1024 * 1024 });
        res.write(Buffer.alloc(64 * 1024, 7));
        return; // stalls after the first 64 KB
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    close: async () => {
      for (const r of open) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Copies the fixture template into `dir` with its links pointing at `base`. */
export function writeExport(dir: string, base: string, template = 'Prints-Grid view.csv.template'): string {
  const fixtures = path.resolve(import.meta.dirname, '../../fixtures/attachments');
  const text = fs.readFileSync(path.join(fixtures, template), 'utf8').replaceAll('BASE', base);
  const out = path.join(dir, template.replace(/\.template$/, ''));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(out, text);
  return out;
}
