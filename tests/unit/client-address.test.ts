import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER, clientAddress, normaliseAddress } from '@/lib/client-address';
import { parseEnv } from '@/lib/env';

const secret = 'x'.repeat(40);

function headers(values: Record<string, string>) {
  const lower = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return (name: string) => lower[name] ?? null;
}

interface ServerModule {
  PEER_ADDRESS_HEADER: string;
  markPeerAddress: (request: {
    headers: Record<string, string | undefined>;
    socket: { remoteAddress?: string };
  }) => void;
}

// Imported by path at run time: the production server is plain JavaScript outside the TS project.
const serverModule = () =>
  import(pathToFileURL(path.resolve('scripts/server.mjs')).href) as Promise<ServerModule>;

describe('clientAddress', () => {
  it('is the socket peer by default, whatever X-Forwarded-For or X-Real-IP claim', () => {
    const get = headers({
      [PEER_ADDRESS_HEADER]: '203.0.113.7',
      'X-Forwarded-For': '198.51.100.1, 198.51.100.2',
      'X-Real-IP': '198.51.100.3',
    });
    expect(clientAddress(get, 0)).toBe('203.0.113.7');
  });

  it('gives every spoofed X-Forwarded-For from one client the same address', () => {
    const addresses = new Set(
      Array.from({ length: 20 }, (_, i) =>
        clientAddress(
          headers({ [PEER_ADDRESS_HEADER]: '203.0.113.7', 'x-forwarded-for': `10.9.0.${i}` }),
          0,
        ),
      ),
    );
    expect([...addresses]).toEqual(['203.0.113.7']);
  });

  it('behind N trusted proxies takes the N-th entry from the right of X-Forwarded-For', () => {
    // The client claimed 6.6.6.6; the load balancer appended the address it really saw.
    const oneProxy = headers({
      [PEER_ADDRESS_HEADER]: '10.0.0.2',
      'x-forwarded-for': '6.6.6.6, 198.51.100.20',
    });
    expect(clientAddress(oneProxy, 1)).toBe('198.51.100.20');

    const twoProxies = headers({
      [PEER_ADDRESS_HEADER]: '10.0.0.3',
      'x-forwarded-for': '6.6.6.6,198.51.100.20 , 10.0.0.2',
    });
    expect(clientAddress(twoProxies, 2)).toBe('198.51.100.20');
    expect(clientAddress(twoProxies, 1)).toBe('10.0.0.2');
  });

  it('falls back to the peer when X-Forwarded-For has fewer entries than trusted hops', () => {
    const get = headers({ [PEER_ADDRESS_HEADER]: '10.0.0.2', 'x-forwarded-for': '198.51.100.20' });
    expect(clientAddress(get, 2)).toBe('10.0.0.2');
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: '10.0.0.2' }), 1)).toBe('10.0.0.2');
  });

  it('is unknown without a peer header (next dev)', () => {
    expect(clientAddress(headers({ 'x-forwarded-for': '198.51.100.1' }), 0)).toBe('unknown');
    expect(clientAddress(headers({}), 1)).toBe('unknown');
  });
});

describe('normaliseAddress', () => {
  it('writes IPv4-mapped IPv6 as IPv4, and drops brackets, ports and zones', () => {
    expect(normaliseAddress('::ffff:192.0.2.4')).toBe('192.0.2.4');
    expect(normaliseAddress('::FFFF:192.0.2.4')).toBe('192.0.2.4');
    expect(normaliseAddress('192.0.2.4:51234')).toBe('192.0.2.4');
    expect(normaliseAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normaliseAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normaliseAddress(' 2001:db8::2 ')).toBe('2001:db8::2');
  });

  it('turns anything that is not an address into unknown, never into a new key', () => {
    for (const junk of ['', 'localhost', 'x'.repeat(500), "1.2.3.4'; drop table", '999.1.1.1']) {
      expect(normaliseAddress(junk)).toBe('unknown');
    }
    expect(normaliseAddress(undefined)).toBe('unknown');
  });

  it('keeps every result short enough for the audit log', () => {
    const longest = 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255';
    expect(normaliseAddress(longest).length).toBeLessThanOrEqual(64);
  });
});

describe('the production server and the app agree on the peer header', () => {
  it('uses the same header name', async () => {
    const server = await serverModule();
    expect(server.PEER_ADDRESS_HEADER).toBe(PEER_ADDRESS_HEADER);
  });

  it('replaces a copy the client sent with the socket address, which clientAddress reads', async () => {
    const { markPeerAddress } = await serverModule();
    const request = {
      headers: { [PEER_ADDRESS_HEADER]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6' } as Record<
        string,
        string | undefined
      >,
      socket: { remoteAddress: '::ffff:203.0.113.9' },
    };
    markPeerAddress(request);
    expect(clientAddress((name) => request.headers[name], 0)).toBe('203.0.113.9');
  });
});

describe('TRUSTED_PROXY_HOPS', () => {
  it('defaults to 0 and accepts a whole number', () => {
    expect(parseEnv({ NEXTAUTH_SECRET: secret }).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ NEXTAUTH_SECRET: secret, TRUSTED_PROXY_HOPS: '2' }).TRUSTED_PROXY_HOPS).toBe(
      2,
    );
  });

  it('refuses anything else, naming the variable', () => {
    for (const value of ['-1', '1.5', 'yes', 'true']) {
      expect(() => parseEnv({ NEXTAUTH_SECRET: secret, TRUSTED_PROXY_HOPS: value })).toThrow(
        /TRUSTED_PROXY_HOPS: must be a whole number/,
      );
    }
  });
});
