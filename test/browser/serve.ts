/**
 * A static HTTP server on 127.0.0.1 (random port) for the browser tests: serves a fixed map of
 * paths to bodies and records every request it sees.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One served file. */
export interface StaticFile {
  type: string;
  body: string | Uint8Array;
}

/** A running loopback server. */
export interface LoopbackServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `files` (keys are URL paths such as `/` or `/bundle.js`); anything else is a 404. */
export async function serveStatic(files: Record<string, StaticFile>): Promise<LoopbackServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const file = Object.hasOwn(files, path) ? files[path] : undefined;
    if (!file || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
