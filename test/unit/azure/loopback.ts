/**
 * A local HTTPS server on 127.0.0.1 that plays Microsoft Entra (token endpoint) and Azure
 * Resource Manager for the pre-flight tests. Its certificate is made with the openssl CLI and
 * trusted through NODE_EXTRA_CA_CERTS (set before Node starts: see preflight.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization?: string;
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Never answer (a timeout). */
  readonly hang?: boolean;
}

export type Route = (req: RecordedRequest) => Reply | undefined;

/** Makes a test CA and a server certificate for 127.0.0.1 in `dir` (ca.pem, server.pem, server.key). */
export function makeTlsFiles(dir: string): void {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=CMG Tools test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf']);
}

export const TENANT = '72f988bf-0000-4000-8000-2d7cd011db47';
export const TOKEN = 'loopback-access-token';

export class LoopbackAzure {
  readonly requests: RecordedRequest[] = [];
  routes: Route[] = [];
  /** When set, the token endpoint answers this OAuth error (e.g. invalid_client). */
  tokenError?: string;
  /** Bodies of the token requests (form-encoded). */
  readonly tokenBodies: string[] = [];
  private server?: https.Server;
  origin = '';

  async start(tlsDir: string): Promise<void> {
    this.server = https.createServer({ key: readFileSync(path.join(tlsDir, 'server.key')), cert: readFileSync(path.join(tlsDir, 'server.pem')) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', this.origin);
        const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, body: Buffer.concat(chunks).toString('utf8') };
        const reply = this.answer(rec);
        if (reply.hang) return; // the client gives up
        res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private answer(req: RecordedRequest): Reply {
    // Microsoft Entra: discovery and token endpoint (what ClientSecretCredential calls).
    if (req.path === `/${TENANT}/v2.0/.well-known/openid-configuration`) {
      const base = `${this.origin}/${TENANT}`;
      return {
        status: 200,
        body: { token_endpoint: `${base}/oauth2/v2.0/token`, issuer: `${base}/v2.0`, authorization_endpoint: `${base}/oauth2/v2.0/authorize`, end_session_endpoint: `${base}/oauth2/v2.0/logout`, jwks_uri: `${base}/discovery/v2.0/keys` },
      };
    }
    if (req.path === `/${TENANT}/oauth2/v2.0/token` && req.method === 'POST') {
      this.tokenBodies.push(req.body);
      if (this.tokenError) return { status: 401, body: { error: this.tokenError, error_description: `AADSTS7000215: Invalid client secret provided.`, error_codes: [7000215] } };
      return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: TOKEN } };
    }
    this.requests.push(req);
    if (req.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'The access token is missing or invalid.' } } };
    for (const r of this.routes) {
      const reply = r(req);
      if (reply) return reply;
    }
    return { status: 404, body: { error: { code: 'NotFound', message: `No route for ${req.method} ${req.path}` } } };
  }
}
