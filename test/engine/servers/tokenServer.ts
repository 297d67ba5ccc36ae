// A bearer-token service for the reference registry's `auth.token` mode, as Docker Hub and most hosted
// registries work: the client is sent here with a scope, proves its password with basic auth, and gets
// a JWT (RS256, signing certificate in the x5c header) that the registry checks against its root bundle.
import { execFileSync } from 'child_process';
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { ensureInstalled } from './common';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class TokenServer {
  readonly service = 'layerwise-test-registry';
  readonly issuer = 'layerwise-test-issuer';
  port = 0;
  /** Scopes requested, in order (what the client asked for). */
  readonly requests: Array<{ scope: string; account?: string; userAgent?: string; grant?: string }> = [];
  private server?: http.Server;
  private keyPem = '';
  private certDer = Buffer.alloc(0);

  constructor(readonly dir: string, private readonly user: { username: string; password: string }) {}

  get realm(): string { return `http://127.0.0.1:${this.port}/token`; }
  get certFile(): string { return path.join(this.dir, 'token-cert.pem'); }

  async start(): Promise<void> {
    ensureInstalled('openssl', 'openssl');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'token-key.pem', '-out', 'token-cert.pem', '-subj', '/CN=layerwise token signer', '-days', '2'], { cwd: this.dir, stdio: 'pipe' });
    this.keyPem = fs.readFileSync(path.join(this.dir, 'token-key.pem'), 'utf8');
    this.certDer = new X509Certificate(fs.readFileSync(this.certFile)).raw;
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** OAuth2 refresh tokens this service accepts (`docker login` keeps one as `identitytoken`), → account. */
  readonly refreshTokens = new Map<string, string>();

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'POST') {
      // The OAuth2 form (grant_type=refresh_token) a client with an identity token uses.
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const account = form.get('grant_type') === 'refresh_token' ? this.refreshTokens.get(form.get('refresh_token') ?? '') : undefined;
        const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
        this.requests.push({ scope: scopes.join(' '), account, userAgent: req.headers['user-agent'], grant: form.get('grant_type') ?? undefined });
        if (!account) { res.writeHead(401, { 'content-type': 'application/json' }); res.end(JSON.stringify({ error: 'invalid_grant' })); return; }
        this.issue(res, account, scopes, 'access_token');
      });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const header = req.headers.authorization ?? '';
    const basic = /^Basic (.+)$/i.exec(header);
    const [username, ...rest] = basic ? Buffer.from(basic[1], 'base64').toString().split(':') : [];
    const scopes = url.searchParams.getAll('scope');
    this.requests.push({ scope: scopes.join(' '), account: username, userAgent: req.headers['user-agent'] });
    if (username !== this.user.username || rest.join(':') !== this.user.password) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ details: 'incorrect username or password' }));
      return;
    }
    this.issue(res, username, scopes, 'token');
  }

  /** A signed JWT for `account` with `scopes`; `token` (the registry token spec) or OAuth2's `access_token` form. */
  private issue(res: http.ServerResponse, username: string, scopes: string[], form: 'token' | 'access_token'): void {
    const access = scopes.flatMap(s => s.split(' ')).filter(Boolean).map(s => {
      const [type, ...nameAndActions] = s.split(':');
      const actions = nameAndActions.pop() ?? '';
      return { type, name: nameAndActions.join(':'), actions: actions.split(',') };
    });
    const now = Math.floor(Date.now() / 1000);
    const head = { typ: 'JWT', alg: 'RS256', x5c: [this.certDer.toString('base64')] };
    const claims = { iss: this.issuer, sub: username, aud: this.service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access };
    const input = `${b64url(JSON.stringify(head))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('RSA-SHA256', Buffer.from(input), createPrivateKey(this.keyPem));
    const token = `${input}.${b64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(form === 'token'
      ? { token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }
      : { access_token: token, expires_in: 300, issued_at: new Date().toISOString(), refresh_token: 'unused' }));
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise(r => { s.closeAllConnections(); s.close(r); });
  }
}
