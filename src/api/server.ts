// The API server: the Hono app on node's HTTP server, the WebSocket stream on its upgrade event,
// and the first admin on the first start. What `mamori serve` (and the live pipeline) start.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Model } from '../models/model-schema.js';
import type { Store } from '../store/index.js';
import { createApp } from './app.js';
import { ApiContext, type StreamEvent } from './context.js';
import type { ResponseControl } from './response-control.js';
import { DEFAULT_WEB_ROOT } from './static.js';
import type { StatusSnapshot } from './status.js';
import { Stream } from './stream.js';

export type { ResponseControl } from './response-control.js';
export type { SourceStatus, StatusSnapshot } from './status.js';
export type { StreamEvent } from './context.js';

export interface ApiServerOptions {
  store: Store;
  /** default 127.0.0.1:8780; port 0 → a free port (tests) */
  host?: string;
  port?: number;
  /** the built UI (default: <package root>/dist/web) */
  webRoot?: string;
  response?: ResponseControl;
  /** the loaded library (default: the built-in models/ folder) */
  models?: Model[];
  status?: () => StatusSnapshot;
  /** else MAMORI_ADMIN_PASSWORD, else generated on the first start */
  adminPassword?: string;
  log?: (m: string) => void;
}

export interface ApiServer {
  url: string;
  close(): Promise<void>;
  /** set only when this start created the first admin with a generated password (print it once) */
  initialAdmin?: { name: string; password: string };
  publish(ev: StreamEvent): void;
}

export const DEFAULT_PORT = 8780;

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const ctx = new ApiContext({ store: o.store, version: packageVersion(), ...(o.response ? { response: o.response } : {}), ...(o.models ? { models: o.models } : {}), ...(o.status ? { status: o.status } : {}), ...(o.log ? { log: o.log } : {}) });
  const first = await ctx.users.ensureFirstAdmin(o.adminPassword ?? (process.env['MAMORI_ADMIN_PASSWORD'] || undefined));
  if (first) await ctx.audit('system', 'user.create', first.name, { role: 'admin', first_admin: true, generated: first.generated });

  ctx.snapshots.warm();
  const app = createApp(ctx, o.webRoot ?? DEFAULT_WEB_ROOT);
  const stream = new Stream(ctx);
  ctx.publish = (ev) => {
    // actions are read from the response engine, not the copies; a status event follows a bulk load
    if (ev.kind !== 'action') ctx.snapshots.invalidate(ev.kind === 'breach' ? 'breach' : ev.kind === 'incident' ? 'incident' : 'all');
    stream.publish(ev);
  };
  const server = createAdaptorServer({ fetch: app.fetch });
  server.on('upgrade', (req, socket, head) => void stream.upgrade(req, socket, head));
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? DEFAULT_PORT, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost}:${addr.port}`,
    ...(first?.generated ? { initialAdmin: { name: first.name, password: first.password } } : {}),
    publish: (ev) => ctx.publish(ev),
    close: () =>
      new Promise<void>((resolve) => {
        stream.close();
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
