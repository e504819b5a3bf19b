// Profiles over HTTP (net/http/pprof endpoints): http and https only, a timeout, and an error a
// person can act on when the service is down or answers with something else.
import { InputError, UsageError } from '../core/errors.js';

export function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

export const defaultFetchTimeoutMs = 60_000;

export async function fetchProfile(url: string, timeoutMs?: number): Promise<Uint8Array> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`not a valid URL: ${url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`only http and https URLs are supported, not ${u.protocol} (${url})`);
  // A ?seconds= request (CPU, delta profiles) takes that long before it answers: wait for it.
  const seconds = Number(u.searchParams.get('seconds') ?? 0);
  const timeout = timeoutMs ?? defaultFetchTimeoutMs + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0);
  let res: Response;
  try {
    res = await fetch(u, { signal: AbortSignal.timeout(timeout), redirect: 'follow' });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new InputError(`no answer within ${Math.round(timeout / 1000)} s`, url);
    const code = err.cause?.code;
    if (code === 'ECONNREFUSED') throw new InputError('connection refused: is the service running and serving net/http/pprof?', url);
    throw new InputError(`cannot fetch: ${code ?? err.cause?.message ?? err.message}`, url);
  }
  if (!res.ok) {
    const body = (await res.text().catch(() => '')).split('\n')[0]!.slice(0, 120);
    throw new InputError(`HTTP ${res.status} ${res.statusText}${body ? `: ${body}` : ''}`, url);
  }
  try {
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new InputError(`the response was cut short: ${(e as Error).message}`, url);
  }
}
