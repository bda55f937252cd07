/**
 * A sample relying party (示例业务系统): another government system that signs its users in through
 * the node's unified identity (OpenID Connect, authorization code + PKCE) with the standard client
 * library openid-client, then shows who signed in, at which assurance level and for whom.
 *
 *   npm run example:rp        (with a node running; see examples/sample-rp/README.md)
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';

export interface SampleRpOptions {
  /** the node's issuer, e.g. http://localhost:3000/oidc */
  issuer: string;
  clientId: string;
  clientSecret: string;
  port: number;
  /** scopes to ask for */
  scope?: string;
  /** lowest assurance level this system accepts (sent as acr_values) */
  minimumLevel?: number;
}

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
}
interface SignedIn {
  claims: client.IDToken;
  userinfo: client.UserInfoResponse;
}

const escapeHtml = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{margin:0;font-family:'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;background:#f4f6f9;color:#1f2d3d}
header{background:#8a1c1c;color:#fff;padding:18px 24px;font-size:20px;font-weight:600}
main{max-width:720px;margin:24px auto;padding:0 16px}
.card{background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
a.button,button{display:inline-block;background:#8a1c1c;color:#fff;border:0;border-radius:6px;padding:10px 20px;font-size:16px;text-decoration:none;cursor:pointer}
dl{display:grid;grid-template-columns:max-content 1fr;gap:8px 16px}dt{color:#5a6b7b}dd{margin:0;word-break:break-all}
</style></head><body><header>示例业务系统 · 不动产登记（演示）</header><main><div class="card">${body}</div></main></body></html>`;
}

const SUBJECT_TYPES: Record<string, string> = { natural_person: '自然人', legal_person: '法人（代表企业）' };

export async function startSampleRp(opts: SampleRpOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const base = `http://localhost:${opts.port}`;
  const redirectUri = `${base}/callback`;
  const insecure = opts.issuer.startsWith('http://');
  const config = await client.discovery(new URL(opts.issuer), opts.clientId, opts.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
  const pending = new Map<string, Pending>();
  const sessions = new Map<string, SignedIn>();

  const cookieOf = (req: http.IncomingMessage, name: string) =>
    (req.headers.cookie ?? '').split(/;\s*/).map((c) => c.split('=')).find(([k]) => k === name)?.[1];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    try {
      if (url.pathname === '/login') {
        const p: Pending = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce() };
        const key = randomBytes(16).toString('hex');
        pending.set(key, p);
        const target = client.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope: opts.scope ?? 'openid profile',
          code_challenge: await client.calculatePKCECodeChallenge(p.verifier),
          code_challenge_method: 'S256',
          state: p.state,
          nonce: p.nonce,
          ...(opts.minimumLevel ? { acr_values: `urn:onewindow:loa:${opts.minimumLevel}` } : {}),
        });
        res.writeHead(302, { location: target.href, 'set-cookie': `rp_pending=${key}; HttpOnly; SameSite=Lax; Path=/` }).end();
        return;
      }
      if (url.pathname === '/callback') {
        const key = cookieOf(req, 'rp_pending');
        const p = key ? pending.get(key) : undefined;
        if (!p) throw new Error('no sign-in in progress');
        pending.delete(key!);
        if (url.searchParams.get('error')) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('登录未完成', `<h2>登录未完成</h2><p>${escapeHtml(url.searchParams.get('error'))}</p><a class="button" href="/">返回</a>`));
          return;
        }
        const tokens = await client.authorizationCodeGrant(config, url, { pkceCodeVerifier: p.verifier, expectedState: p.state, expectedNonce: p.nonce });
        const claims = tokens.claims()!;
        const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        const sid = randomBytes(16).toString('hex');
        sessions.set(sid, { claims, userinfo });
        res.writeHead(302, { location: '/', 'set-cookie': `rp_session=${sid}; HttpOnly; SameSite=Lax; Path=/` }).end();
        return;
      }
      if (url.pathname === '/logout') {
        const sid = cookieOf(req, 'rp_session');
        if (sid) sessions.delete(sid);
        res.writeHead(302, { location: '/', 'set-cookie': 'rp_session=; Max-Age=0; Path=/' }).end();
        return;
      }
      if (url.pathname === '/' || url.pathname === '') {
        const sid = cookieOf(req, 'rp_session');
        const s = sid ? sessions.get(sid) : undefined;
        if (!s) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('示例业务系统', `<h2>欢迎使用不动产登记（演示）</h2><p>本系统接入省统一身份认证平台，无需另行注册。</p><a class="button" id="sso" href="/login">使用统一身份认证登录</a>`));
          return;
        }
        const c = s.claims as Record<string, unknown>;
        const u = s.userinfo as Record<string, unknown>;
        const enterprise = (u.enterprise ?? c.enterprise) as { name?: string; uscc?: string; role?: string } | undefined;
        const rows: [string, unknown][] = [
          ['姓名', u.name ?? '（未授权）'],
          ['主体类型', SUBJECT_TYPES[String(c.sub_type)] ?? c.sub_type],
          ['实名等级（acr）', c.acr],
          ['用户标识（sub）', c.sub],
          ...(enterprise ? ([['代表企业', `${enterprise.name ?? ''}（${enterprise.uscc ?? ''}，${enterprise.role === 'agent' ? '经办人' : '法定代表人'}）`]] as [string, unknown][]) : []),
        ];
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('示例业务系统', `<h2 id="signed-in">已通过统一身份认证登录</h2><dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd data-claim="${escapeHtml(k)}">${escapeHtml(v)}</dd>`).join('')}</dl><a class="button" href="/logout">退出</a>`));
        return;
      }
      res.writeHead(404).end('not found');
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end(page('出错了', `<h2>登录失败</h2><p>${escapeHtml((error as Error).message)}</p><a class="button" href="/">返回</a>`));
    }
  });
  // every local address, so that `localhost` works whether it resolves to 127.0.0.1 or ::1
  await new Promise<void>((resolve) => server.listen(opts.port, resolve));
  return { url: base, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
