/**
 * Runs the sample relying party against a node. With RP_CLIENT_ID / RP_CLIENT_SECRET it uses that
 * registration; without them (a development node with demo data) it signs in as the demo platform
 * administrator and registers itself through the admin API, as an administrator would by hand.
 *
 *   OW_URL=http://localhost:3000 RP_PORT=4000 npm run example:rp
 */
import { startSampleRp } from './app.js';

const node = (process.env.OW_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const port = Number(process.env.RP_PORT ?? 4000);
const scope = process.env.RP_SCOPE ?? 'openid profile enterprise';

async function register(): Promise<{ clientId: string; clientSecret: string }> {
  const login = await fetch(`${node}/api/v1/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: process.env.OW_ADMIN ?? 'admin', password: process.env.OW_ADMIN_PASSWORD ?? 'Demo@2026' }),
  });
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('ow_session='))?.split(';')[0];
  if (!login.ok || !cookie) throw new Error(`administrator login failed (${login.status}); set RP_CLIENT_ID and RP_CLIENT_SECRET instead`);
  const res = await fetch(`${node}/api/v1/admin/oidc-clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: node },
    body: JSON.stringify({ name: '示例业务系统（不动产登记）', redirectUris: [`http://localhost:${port}/callback`], scopes: ['profile', 'enterprise'], minimumLevel: 2, confidential: true }),
  });
  if (!res.ok) throw new Error(`client registration failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { clientId: string; clientSecret: string };
}

const credentials = process.env.RP_CLIENT_ID && process.env.RP_CLIENT_SECRET ? { clientId: process.env.RP_CLIENT_ID, clientSecret: process.env.RP_CLIENT_SECRET } : await register();
const rp = await startSampleRp({ issuer: `${node}/oidc`, ...credentials, port, scope });
console.log(`sample relying party on ${rp.url} (client ${credentials.clientId}), signing in through ${node}/oidc`);
