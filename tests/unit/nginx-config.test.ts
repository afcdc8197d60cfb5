import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NGINX, renderNginxConfig } from '../../scripts/cluster/topology';

const shipped = readFileSync('deploy/nginx.conf', 'utf8');

describe('deploy/nginx.conf', () => {
  it('balances over the app servers and passes the client address as one appended hop', () => {
    expect(shipped).toMatch(
      /upstream adhere \{[^}]*server 127\.0\.0\.1:3001[^}]*server 127\.0\.0\.1:3002/,
    );
    // With TRUSTED_PROXY_HOPS=1 Adhere believes the last entry: the one nginx appends.
    expect(shipped).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    // A POST that reached a server is never replayed elsewhere by nginx (the client resends it).
    expect(shipped).toMatch(/proxy_next_upstream error timeout;/);
    expect(shipped).not.toContain('non_idempotent');
  });

  it('is rendered for the cluster harness with its ports and a folder of its own', () => {
    const config = renderNginxConfig(shipped, {
      listen: 8480,
      upstreams: [3310, 3311],
      folder: '/tmp/adhere-nginx-x',
    });
    expect(config).toContain('server 127.0.0.1:3310 max_fails=1 fail_timeout=5s;');
    expect(config).toContain('server 127.0.0.1:3311 max_fails=1 fail_timeout=5s;');
    expect(config).not.toMatch(/127\.0\.0\.1:300[12]/);
    expect(config).toContain('listen 127.0.0.1:8480;');
    expect(config).toContain('client_body_temp_path /tmp/adhere-nginx-x/body;');
    // Nothing else changes.
    expect(config.replace(/^ {4}(access_log|\w+_temp_path) .*\n/gm, '')).toBe(
      shipped
        .replace('127.0.0.1:3001', '127.0.0.1:3310')
        .replace('127.0.0.1:3002', '127.0.0.1:3311')
        .replace('listen 80;', 'listen 127.0.0.1:8480;'),
    );
  });

  it('refuses a config that lost the lines it rewrites', () => {
    expect(() =>
      renderNginxConfig(shipped.replace('listen 80;', 'listen 443;'), {
        listen: 8480,
        upstreams: [3310, 3311],
        folder: '/tmp/x',
      }),
    ).toThrow(/no longer has/);
  });

  it.skipIf(!existsSync(NGINX))('is valid for the installed nginx (nginx -t)', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'adhere-nginx-test-'));
    try {
      const file = path.join(folder, 'nginx.conf');
      writeFileSync(
        file,
        renderNginxConfig(shipped, { listen: 8489, upstreams: [3318, 3319], folder }),
      );
      const result = spawnSync(
        NGINX,
        [
          '-t',
          '-p',
          folder,
          '-c',
          file,
          '-g',
          `pid ${folder}/nginx.pid; error_log ${folder}/error.log;`,
        ],
        { encoding: 'utf8' },
      );
      expect(result.stderr).toMatch(/syntax is ok/);
      expect(result.status).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
