// The live stream (GET /api/stream, WebSocket): the same authentication as the API (session cookie,
// with the Origin checked against cross-site hijacking, or an API token in `?token=` or the
// Authorization header); the server pushes {kind, data} to every client and never reads from them.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { principalOf, sameOrigin, SESSION_COOKIE } from './auth/middleware.js';
import type { ApiContext, StreamEvent } from './context.js';

export const STREAM_PATH = '/api/stream';
/** a client that has this much unsent is too slow: it is dropped (it reconnects and reloads) */
const MAX_BUFFERED = 4 * 1024 * 1024;
const PING_MS = 30_000;

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

function refuse(socket: Duplex, status: 401 | 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ error: { code: text.toLowerCase().replace(/ /g, '_'), message: text } })}`);
}

export class Stream {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  private readonly alive = new WeakSet<WebSocket>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly ctx: ApiContext) {
    this.wss.on('connection', (ws) => {
      this.alive.add(ws);
      ws.on('pong', () => this.alive.add(ws));
      ws.on('message', () => ws.close(1008, 'the stream is one-way'));
      ws.on('error', () => ws.terminate());
    });
    this.timer = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (!this.alive.has(ws)) ws.terminate();
        else {
          this.alive.delete(ws);
          ws.ping();
        }
      }
    }, PING_MS);
    this.timer.unref();
  }

  get clients(): number {
    return this.wss.clients.size;
  }

  /** The node server's `upgrade` event. */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== STREAM_PATH) return refuse(socket, 404, 'Not Found');
    const token = url.searchParams.get('token');
    const session = cookie(req.headers.cookie, SESSION_COOKIE);
    let principal;
    try {
      principal = await principalOf(this.ctx, { authorization: token ? `Bearer ${token}` : req.headers.authorization, ...(session ? { cookie: session } : {}) });
    } catch {
      principal = undefined;
    }
    if (!principal) return refuse(socket, 401, 'Unauthorized');
    // a page on another site can open a WebSocket with our cookie: only our own pages may
    if (principal.session && !sameOrigin(req.headers.origin, req.headers.host)) return refuse(socket, 403, 'Forbidden');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  publish(ev: StreamEvent): void {
    if (!this.wss.clients.size) return;
    const text = JSON.stringify(ev);
    for (const ws of this.wss.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) ws.terminate();
      else ws.send(text);
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
