// Every call to the API: same-origin cookie, the session's CSRF token on state-changing requests,
// JSON in and out, and one typed error carrying the server's code and message (said to the user).
import type { Page } from './types';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

let csrf: string | undefined;
/** set from the login answer and from /api/auth/me */
export function setCsrf(token: string | undefined): void {
  csrf = token;
}

/** called when any request answers 401: the session ended, show the sign-in page */
let onUnauthenticated: () => void = () => undefined;
export function onSignedOut(f: () => void): void {
  onUnauthenticated = f;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function apiUrl(path: string, query?: Query): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return `/api${path}${s ? `?${s}` : ''}`;
}

async function request<T>(method: string, path: string, query?: Query, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body), ...(signal ? { signal } : {}) });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiRequestError(0, 'network', 'The Mamori server cannot be reached. Check that it is running and that this machine can reach it, then retry.');
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (res.status === 401 && path !== '/auth/login') onUnauthenticated();
    throw new ApiRequestError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `The server answered ${res.status} ${res.statusText}.`);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, query, undefined, signal),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, undefined, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, undefined, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, undefined, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** Lists come as a bare array or as a page {items, total}: the UI takes both. */
export function listOf<T>(r: T[] | Page<T> | { items?: T[] } | undefined): T[] {
  if (Array.isArray(r)) return r;
  return r?.items ?? [];
}

export const enc = encodeURIComponent;
