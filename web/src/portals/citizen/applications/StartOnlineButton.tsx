/**
 * 在线办理 on an item's guide: starts an online application (a draft) and opens it.
 * Signed out → the login page, coming back with `?apply=1` (which resumes the start). A person
 * who may act for enterprises, on an item for legal persons, chooses 个人办理 or an enterprise.
 * The draft is created with an Idempotency-Key (a double click makes one draft). A 403
 * `level-too-low` explains the required level and links to 个人中心 to raise it.
 */
import { BankOutlined, LaptopOutlined, UserOutlined } from '@ant-design/icons';
import { LEGAL_PERSON_AUDIENCES, PERSONAL_AUDIENCES, type ItemDetail } from '@onewindow/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Modal, Radio } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { idempotencyKey, startApplication } from '../../../api/applications';
import { identityApi, useMe, type EnterpriseRow } from '../../../api/identity';
import { applicationKey, problemMessage, problemSlugOf } from './common';
import './applications.css';

type Choice = 'personal' | string;

export function StartOnlineButton({ item }: { item: ItemDetail }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [enterprises, setEnterprises] = useState<EnterpriseRow[] | null>(null);
  const [choice, setChoice] = useState<Choice>('personal');
  const [levelProblem, setLevelProblem] = useState<{ required: number; level: number } | null>(null);
  // one Idempotency-Key per attempt of the person: a retry after a network failure reuses it
  const key = useRef(idempotencyKey());
  const g = item.guide;
  const forLegal = g.audiences.some((a) => LEGAL_PERSON_AUDIENCES.includes(a));
  const forPersons = g.audiences.some((a) => PERSONAL_AUDIENCES.includes(a));

  const create = useCallback(
    async (enterpriseId: string | undefined) => {
      setBusy(true);
      try {
        const app = await startApplication({ implementationCode: g.implementationCode, form: {}, ...(enterpriseId ? { enterpriseId } : {}) }, key.current);
        key.current = idempotencyKey();
        qc.setQueryData(applicationKey(app.id), undefined);
        void qc.invalidateQueries({ queryKey: ['applications', 'list'] });
        navigate(`/my/applications/${app.id}/edit`);
      } catch (e) {
        if (e instanceof ApiError && e.status !== 0) key.current = idempotencyKey();
        if (problemSlugOf(e) === 'level-too-low' && e instanceof ApiError) {
          const p = e.problem as { requiredLevel?: number; level?: number } | undefined;
          setLevelProblem({ required: p?.requiredLevel ?? 3, level: p?.level ?? 0 });
        } else if (e instanceof ApiError && e.status === 401) {
          navigate(`/login?next=${encodeURIComponent(`${location.pathname}?apply=1`)}`);
        } else {
          void message.error(`${t('applications.start.failed')}：${problemMessage(t, e)}`);
        }
      } finally {
        setBusy(false);
      }
    },
    [g.implementationCode, qc, navigate, location.pathname, message, t],
  );

  const start = useCallback(async () => {
    if (me.isPending) return;
    if (!me.data) {
      navigate(`/login?next=${encodeURIComponent(`${location.pathname}?apply=1`)}`);
      return;
    }
    if (me.data.kind !== 'person') {
      void message.info(t('applications.start.staffNote'));
      return;
    }
    if (forLegal) {
      setBusy(true);
      let rows: EnterpriseRow[] = [];
      try {
        rows = (await identityApi.enterprises()).items;
      } catch {
        rows = [];
      } finally {
        setBusy(false);
      }
      if (rows.length > 0) {
        setChoice(forPersons ? 'personal' : rows[0]!.id);
        setEnterprises(rows);
        return;
      }
    }
    await create(undefined);
  }, [me.isPending, me.data, navigate, location.pathname, message, t, forLegal, forPersons, create]);

  // back from the login page with ?apply=1: go on with the start, once
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || params.get('apply') !== '1' || me.isPending) return;
    resumed.current = true;
    const usp = new URLSearchParams(params);
    usp.delete('apply');
    setParams(usp, { replace: true });
    if (me.data) void start();
  }, [params, setParams, me.isPending, me.data, start]);

  return (
    <>
      <Button type="primary" size="large" icon={<LaptopOutlined />} onClick={() => void start()} loading={busy} data-testid="apply-online">
        {me.data || me.isPending ? t('applications.start.button') : t('applications.start.loginFirst')}
      </Button>
      <Modal
        open={enterprises !== null}
        title={t('applications.start.chooseTitle')}
        onCancel={() => setEnterprises(null)}
        okText={t('applications.start.confirm')}
        cancelText={t('applications.start.cancel')}
        confirmLoading={busy}
        onOk={async () => {
          await create(choice === 'personal' ? undefined : choice);
          setEnterprises(null);
        }}
        className="ow-start-modal"
      >
        <p className="ow-muted">{t('applications.start.chooseHint')}</p>
        <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as Choice)} className="ow-start-choices">
          <Radio value="personal" className="ow-start-choice">
            <span className="ow-start-choice-name">
              <UserOutlined aria-hidden /> {t('applications.start.personal')}
            </span>
            <span className="ow-start-choice-hint">{t('applications.start.personalHint')}</span>
          </Radio>
          {(enterprises ?? []).map((e) => (
            <Radio key={e.id} value={e.id} className="ow-start-choice">
              <span className="ow-start-choice-name">
                <BankOutlined aria-hidden /> {e.name}
              </span>
              <span className="ow-start-choice-hint">{t('applications.start.enterpriseHint', { uscc: e.uscc })}</span>
            </Radio>
          ))}
        </Radio.Group>
      </Modal>
      <Modal
        open={levelProblem !== null}
        title={t('applications.start.levelTooLow')}
        onCancel={() => setLevelProblem(null)}
        footer={[
          <Button key="cancel" onClick={() => setLevelProblem(null)}>
            {t('applications.start.cancel')}
          </Button>,
          <Link key="raise" to="/account">
            <Button type="primary">{t('applications.start.raiseLevel')}</Button>
          </Link>,
        ]}
      >
        <p role="alert">{t('applications.start.levelTooLowHint', { required: levelProblem?.required, level: levelProblem?.level })}</p>
      </Modal>
    </>
  );
}
