// @ts-check
// Adhere's production server (`npm start`): Next.js's request handler behind a plain Node HTTP
// server. It exists because Next.js keeps a client's own X-Forwarded-For and never tells the app
// the socket's peer address; here the peer address is put into a header that no client can set
// (any incoming copy is dropped first), and lib/client-address.ts decides from it and
// TRUSTED_PROXY_HOPS which address to believe.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import next from 'next';

/** Keep in step with PEER_ADDRESS_HEADER in lib/client-address.ts (a unit test checks). */
export const PEER_ADDRESS_HEADER = 'x-adhere-peer-address';

/** `next start`'s options: -p/--port and -H/--hostname, or PORT and HOSTNAME. */
function options(argv) {
  let port = Number(process.env.PORT ?? 3000);
  let hostname = process.env.HOSTNAME;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '-p' || arg === '--port') port = Number(argv[++i]);
    else if (arg === '-H' || arg === '--hostname') hostname = argv[++i];
    else throw new Error(`Unknown option ${arg}. Use -p PORT and -H HOSTNAME.`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`The port must be a number from 0 to 65535, not ${port}.`);
  }
  return { port, hostname };
}

/** Puts the socket's peer address where the app reads it, replacing anything the client sent. */
export function markPeerAddress(request) {
  delete request.headers[PEER_ADDRESS_HEADER];
  const peer = request.socket.remoteAddress;
  if (peer) request.headers[PEER_ADDRESS_HEADER] = peer;
}

async function main() {
  const { port, hostname } = options(process.argv.slice(2));
  process.env.NODE_ENV = 'production';
  const app = next({ dev: false, port, hostname, dir: process.cwd() });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => {
    markPeerAddress(request);
    void handle(request, response);
  });
  server.listen(port, hostname, () => {
    console.log(`Adhere: listening on http://${hostname ?? 'localhost'}:${port}`);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
