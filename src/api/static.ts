// The built UI: files from webRoot for GET requests outside /api, and index.html for every other
// path (the UI routes on the client). Nothing from the request is ever written into a page.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** <package root>/dist/web, the same from src/ and dist/ */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

const NO_UI = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mamori</title></head><body><p>The Mamori API is running. The web UI is not built: run "npm run build:web" or give --web-root.</p></body></html>`;

async function file(path: string): Promise<Buffer | undefined> {
  try {
    return (await stat(path)).isFile() ? await readFile(path) : undefined;
  } catch {
    return undefined;
  }
}

/** The response for a non-API GET path. */
export async function serveUi(webRoot: string, pathname: string): Promise<Response> {
  const root = resolve(webRoot);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    rel = '/';
  }
  const target = normalize(join(root, rel));
  // only files inside the root; hashed assets may be cached long, index.html never
  if ((target === root || target.startsWith(root + sep)) && !rel.includes('\0')) {
    const body = rel !== '/' ? await file(target) : undefined;
    if (body) {
      const immutable = /\/assets\//.test(rel);
      return new Response(new Uint8Array(body), { headers: { 'Content-Type': TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' } });
    }
  }
  const index = await file(join(root, 'index.html'));
  return new Response(index ? new Uint8Array(index) : NO_UI, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' } });
}
