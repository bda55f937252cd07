/**
 * The consent page of single sign-on (/sso/:uid): another government system asked the node's
 * OpenID Provider to sign the user in. The page uses the portal's own session: it sends a signed-out
 * visitor to the login page and back, tells one whose assurance level is too low how to raise it,
 * lets an enterprise representative or agent choose to act for the enterprise, and lists exactly
 * what the system will receive.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Radio, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ProblemDetails } from '@onewindow/domain';
import { ApiError } from '../../api/client';
import { PageLoading } from '../../components/QueryState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { registerSsoMessages } from './messages';
import './sso.css';

registerSsoMessages();

interface Details {
  uid: string;
  prompt: 'login' | 'consent';
  client: { id: string; name: string };
  scopes: string[];
  minimumLevel: number;
  requiredLevel: number;
  account: null | { name: string; level: number; kind: 'person' | 'staff' };
  enterprises: { id: string; uscc: string; name: string; role: 'representative' | 'agent' }[];
}

/** The interaction API lives under the interaction's own path, where its cookie is sent. */
async function call<T>(uid: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/sso/${encodeURIComponent(uid)}/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'zh-CN', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => undefined)) as unknown;
  if (!res.ok) throw new ApiError(res.status, json as ProblemDetails | undefined, `HTTP ${res.status}`);
  return json as T;
}

export default function ConsentPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('sso.title'));
  const { uid = '' } = useParams();
  const [actAs, setActAs] = useState<string>('person');
  const details = useQuery({ queryKey: ['sso', uid], queryFn: () => call<Details>(uid, 'details'), retry: false, staleTime: 0 });
  const finish = useMutation({
    mutationFn: (action: 'confirm' | 'abort') => call<{ redirectTo: string }>(uid, action, action === 'confirm' && actAs !== 'person' ? { enterpriseId: actAs } : {}),
    onSuccess: ({ redirectTo }) => window.location.assign(redirectTo),
  });

  if (details.isPending) return <PageLoading />;
  if (details.isError) {
    return (
      <div className="ow-container ow-sso">
        <div className="ow-panel ow-sso-card">
          <Alert type="warning" showIcon message={t('sso.expired')} />
        </div>
      </div>
    );
  }
  const d = details.data;
  const next = encodeURIComponent(`/sso/${uid}`);
  const tooLow = d.account !== null && d.account.level < d.requiredLevel;
  const failure = finish.error instanceof ApiError ? (finish.error.problem?.detail ?? finish.error.problem?.title ?? finish.error.message) : undefined;
  const shared = ['openid', ...d.scopes.filter((s) => s !== 'openid'), 'acr'].filter((s) => s !== 'enterprise' || actAs !== 'person');

  return (
    <div className="ow-container ow-sso">
      <div className="ow-panel ow-sso-card">
        <div className="ow-sso-head">
          <SafetyCertificateOutlined className="ow-sso-icon" aria-hidden />
          <div>
            <h1 className="ow-sso-title">{t('sso.request', { client: d.client.name })}</h1>
            <p className="ow-muted">{t('sso.requestHint')}</p>
          </div>
        </div>

        {d.account === null ? (
          <div className="ow-sso-section">
            <p>{t('sso.signInFirst')}</p>
            <Space wrap>
              <Link to={`/login?next=${next}`}>
                <Button type="primary" size="large">{t('sso.signIn')}</Button>
              </Link>
              <Link to={`/register?next=${next}`}>
                <Button size="large">{t('sso.register')}</Button>
              </Link>
              <Button size="large" onClick={() => finish.mutate('abort')} loading={finish.isPending && finish.variables === 'abort'}>
                {t('sso.deny')}
              </Button>
            </Space>
          </div>
        ) : (
          <>
            <div className="ow-sso-section ow-sso-account">
              <span>{t('sso.signedInAs', { name: d.account.name, level: d.account.level })}</span>
              <Link to={`/login?next=${next}`}>{t('sso.switchAccount')}</Link>
            </div>

            {tooLow && (
              <Alert
                className="ow-sso-section"
                type="warning"
                showIcon
                message={t('sso.levelTooLow', { required: d.requiredLevel, level: d.account.level })}
                description={<Link to="/account">{t('sso.raiseLevel')}</Link>}
              />
            )}

            {!tooLow && d.enterprises.length > 0 && (
              <div className="ow-sso-section">
                <h2 className="ow-sso-subtitle">{t('sso.actAs')}</h2>
                <Radio.Group value={actAs} onChange={(e) => setActAs(e.target.value as string)} className="ow-sso-choices">
                  <Radio value="person">{t('sso.asPerson')}</Radio>
                  {d.enterprises.map((e) => (
                    <Radio key={e.id} value={e.id}>
                      {t('sso.asEnterprise', { name: e.name, role: t(`sso.${e.role}`) })}
                    </Radio>
                  ))}
                </Radio.Group>
              </div>
            )}

            {!tooLow && (
              <div className="ow-sso-section">
                <h2 className="ow-sso-subtitle">{t('sso.shares')}</h2>
                <ul className="ow-sso-scopes">
                  {shared.map((s) => (
                    <li key={s}>{t(`sso.scope.${s}`, { defaultValue: s })}</li>
                  ))}
                </ul>
              </div>
            )}

            {failure && <Alert className="ow-sso-section" type="error" showIcon message={t('sso.failed', { detail: failure })} />}

            <div className="ow-sso-actions">
              <Button size="large" onClick={() => finish.mutate('abort')} loading={finish.isPending && finish.variables === 'abort'}>
                {t('sso.deny')}
              </Button>
              <Button type="primary" size="large" disabled={tooLow} onClick={() => finish.mutate('confirm')} loading={finish.isPending && finish.variables === 'confirm'}>
                {t('sso.agree')}
              </Button>
            </div>
          </>
        )}
        <p className="ow-muted ow-sso-privacy">{t('sso.privacy')}</p>
      </div>
    </div>
  );
}
