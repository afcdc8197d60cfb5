/**
 * Reading a request body with a size limit, for route handlers that take JSON. A body that states
 * a Content-Length over the limit is refused before anything is read; one without (sent in chunks)
 * is counted as it arrives and refused as soon as it passes the limit, so a client can never make
 * the server hold more than `limit` bytes of it.
 */

/** True when the request says up front that its body is larger than `limit` bytes. */
export function statesTooLarge(headers: Headers, limit: number): boolean {
  const stated = headers.get('content-length');
  return stated !== null && /^\s*\d+\s*$/.test(stated) && Number(stated) > limit;
}

export type BodyText = { ok: true; text: string } | { ok: false; reason: 'too_large' };

/**
 * After a refusal, how much more of the body is read and thrown away. A connection closed while
 * the client is still sending is reset, and the client may never read the 413; so, like a web
 * server's "lingering close", the rest is drained for a little while (never kept) before giving up.
 */
export const DRAIN_LIMIT = { bytes: 1024 * 1024, ms: 2000 };

/** The body as UTF-8 text, or `too_large` once more than `limit` bytes have arrived. */
export async function readBodyText(request: Request, limit: number): Promise<BodyText> {
  if (statesTooLarge(request.headers, limit)) return { ok: false, reason: 'too_large' };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await drain(reader);
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const deadline = Date.now() + DRAIN_LIMIT.ms;
  let drained = 0;
  try {
    while (drained <= DRAIN_LIMIT.bytes) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
      });
      const next = await Promise.race([reader.read(), timeout]);
      clearTimeout(timer);
      if (next === null) break;
      if (next.done) return;
      drained += next.value.byteLength;
    }
  } catch {
    // The client went away: nothing left to drain.
  }
  await reader.cancel().catch(() => {});
}
