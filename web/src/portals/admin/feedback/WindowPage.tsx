/**
 * 窗口评价 (一次一评) for the window clerk: the rating QR code of each window they serve at
 * (created or moved with POST /workbench/rating-codes), printable as a 扫码评价 card for the
 * counter; the form that records a service given at the window (the person by ID number, the
 * organisation, window, optional item, what was done), after which the person may rate it; and
 * the services of today (or the last 7 days), rated or not.
 */
import { CheckCircleFilled, ClockCircleOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import type { StaffRatingCode, VisitView } from '@onewindow/domain';
import { checkIdNumber } from '@onewindow/domain';
import { Alert, App, AutoComplete, Button, Empty, Form, Input, Segmented, Select, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { api as publicApi } from '../../../api/client';
import { ApiError } from '../../../api/client';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useAdminApi, useMe } from '../auth';
import { useDebouncedValue } from '../hooks';
import { placeFieldErrors, problemAlert, showFieldErrors } from '../problems';
import { problemSlug } from './parts';
import './feedback.css';

function useClerkOrganisations() {
  const me = useMe();
  return useMemo(() => {
    const seen = new Map<string, string>();
    for (const r of me.roles) if (r.role === 'window_clerk' && r.organisationId && !seen.has(r.organisationId)) seen.set(r.organisationId, r.organisationName ?? r.organisationId);
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [me]);
}

/** The QR code of an address, as an SVG image (crisp when printed). */
function QrImage({ url, label }: { url: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      .then((svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [url]);
  return src ? <img className="ow-fb-qr-img" src={src} alt={label} data-testid="qr-image" /> : <div className="ow-fb-qr-img ow-fb-qr-blank" aria-hidden />;
}

/** The face of a 扫码评价 card: the QR code, the organisation, the window and the staff member. */
function CodeFace({ code }: { code: StaffRatingCode }) {
  const { t } = useTranslation();
  return (
    <div className="ow-fb-code-card">
      <div className="ow-fb-code-brand">{t('admin.feedback.window.scanToRate')}</div>
      <QrImage url={code.url} label={`${t('admin.feedback.window.scanToRate')} ${code.url}`} />
      <div className="ow-fb-code-org">{code.organisationName}</div>
      <dl className="ow-fb-code-facts">
        <div>
          <dt>{t('admin.feedback.window.windowLabel')}</dt>
          <dd data-testid="code-window">{code.window ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('admin.feedback.window.staffLabel')}</dt>
          <dd>{code.staffName}</dd>
        </div>
      </dl>
      <p className="ow-fb-code-hint">{t('admin.feedback.window.scanHint')}</p>
      <p className="ow-fb-code-id">
        {t('admin.feedback.window.codeLabel')} {code.code}
      </p>
    </div>
  );
}

/** One window's 扫码评价 card with its address and 打印 (which prints this card alone). */
function CodeCard({ code, onPrint }: { code: StaffRatingCode; onPrint: () => void }) {
  const { t } = useTranslation();
  return (
    <li className="ow-fb-code" data-testid="rating-code" data-code={code.code}>
      <CodeFace code={code} />
      <div className="ow-fb-code-tools">
        <a href={code.url} target="_blank" rel="noopener noreferrer" className="ow-fb-code-url">
          {code.url}
        </a>
        <Button icon={<PrinterOutlined />} onClick={onPrint} data-testid="print-code">
          {t('admin.feedback.window.print')}
        </Button>
      </div>
    </li>
  );
}

/**
 * The sheet printed: the card alone, placed on the body beside the app (which print media hides),
 * present only while printing.
 */
function PrintSheet({ code }: { code: StaffRatingCode }) {
  return createPortal(
    <div className="ow-fb-print-sheet" data-testid="print-sheet">
      <CodeFace code={code} />
    </div>,
    document.body,
  );
}

function CodesSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const api = useAdminApi().feedback;
  const queryClient = useQueryClient();
  const orgs = useClerkOrganisations();
  const codes = useQuery({ queryKey: ['admin', 'feedback', 'codes'], queryFn: ({ signal }) => api.ratingCodes(signal), staleTime: 0 });
  const [form] = Form.useForm<{ organisationId: string; window: string }>();
  const [pending, setPending] = useState(false);
  const [printing, setPrinting] = useState<string | null>(null);

  useEffect(() => {
    if (!printing) return;
    document.body.classList.add('ow-fb-printing');
    const done = () => {
      document.body.classList.remove('ow-fb-printing');
      setPrinting(null);
    };
    window.addEventListener('afterprint', done, { once: true });
    const timer = window.setTimeout(() => window.print(), 300);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('afterprint', done);
      document.body.classList.remove('ow-fb-printing');
    };
  }, [printing]);

  const save = async (v: { organisationId: string; window: string }) => {
    setPending(true);
    try {
      await api.saveRatingCode(v.organisationId, v.window.trim());
      void message.success(t('admin.feedback.window.generated'));
      form.resetFields(['window']);
      await queryClient.invalidateQueries({ queryKey: ['admin', 'feedback', 'codes'] });
    } catch (e) {
      const placed = placeFieldErrors(e, (p) => (p[0] === 'window' || p[0] === 'organisationId' ? [p[0]] : null));
      showFieldErrors(form, placed.fields);
      if (!placed.fields.length) {
        const a = problemAlert(t, e);
        void message.error(a.detail ? `${a.title}${t('common.colon')}${a.detail}` : a.title);
      }
    } finally {
      setPending(false);
    }
  };

  const items = codes.data?.items ?? [];
  return (
    <section className="ow-panel ow-admin-card" aria-labelledby="fb-codes" data-testid="codes">
      <h2 id="fb-codes" className="ow-admin-h2">
        {t('admin.feedback.window.codes')}
      </h2>
      <p className="ow-muted ow-wb-sub">{t('admin.feedback.window.codesLead')}</p>
      {codes.isError ? (
        <Alert type="error" showIcon title={problemAlert(t, codes.error).title} />
      ) : items.length ? (
        <ul className="ow-fb-codes">
          {items.map((c) => (
            <CodeCard key={c.code + (c.window ?? '')} code={c} onPrint={() => setPrinting(c.code)} />
          ))}
        </ul>
      ) : (
        !codes.isPending && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.feedback.window.noCodes')} />
      )}
      {printing && items.find((c) => c.code === printing) && <PrintSheet code={items.find((c) => c.code === printing)!} />}
      <Form
        form={form}
        layout="inline"
        className="ow-fb-code-form"
        onFinish={(v) => void save(v)}
        disabled={pending}
        requiredMark={false}
        initialValues={{ organisationId: orgs[0]?.id }}
        data-testid="code-form"
      >
        {orgs.length > 1 && (
          <Form.Item name="organisationId" label={t('admin.feedback.window.organisation')} rules={[{ required: true, message: t('admin.feedback.window.organisationRequired') }]}>
            <Select className="ow-fb-org-select" options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
        )}
        {orgs.length <= 1 && (
          <Form.Item name="organisationId" hidden>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="window" label={t('admin.feedback.window.windowNo')} rules={[{ required: true, whitespace: true, max: 20, message: t('admin.feedback.window.windowRequired') }]}>
          <Input maxLength={20} placeholder={t('admin.feedback.window.windowPlaceholder')} className="ow-fb-window-input" id="code-window" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={pending} data-testid="code-save">
            {t('admin.feedback.window.generate')}
          </Button>
        </Form.Item>
      </Form>
    </section>
  );
}

interface VisitValues {
  idNumber: string;
  organisationId: string;
  window: string;
  item?: string;
  summary?: string;
}

function VisitForm({ windows }: { windows: string[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const api = useAdminApi().feedback;
  const queryClient = useQueryClient();
  const orgs = useClerkOrganisations();
  const [form] = Form.useForm<VisitValues>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [itemText, setItemText] = useState('');
  const [item, setItem] = useState<{ code: string; name: string } | null>(null);
  const q = useDebouncedValue(itemText.trim(), 300);
  const found = useQuery({
    queryKey: ['items', 'visit-search', q],
    queryFn: ({ signal }) => publicApi.searchItems({ q, pageSize: 10 }, signal),
    enabled: q.length >= 2 && item?.name !== itemText,
    staleTime: 60_000,
  });

  const submit = async (v: VisitValues) => {
    setPending(true);
    setError(null);
    try {
      let itemId: string | undefined;
      if (item) itemId = (await publicApi.item(item.code)).id;
      await api.recordVisit({ idNumber: v.idNumber.trim().toUpperCase(), organisationId: v.organisationId, window: v.window.trim(), itemId, summary: (v.summary ?? '').trim() || undefined });
      void message.success(t('admin.feedback.window.recorded'));
      form.resetFields(['idNumber', 'summary']);
      setItem(null);
      setItemText('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'feedback', 'visits'] });
    } catch (e) {
      setError(e);
      const placed = placeFieldErrors(e, (p) => (['idNumber', 'organisationId', 'window', 'summary'].includes(String(p[0])) ? [p[0]!] : null));
      showFieldErrors(form, placed.fields);
    } finally {
      setPending(false);
    }
  };

  const noAccount = problemSlug(error) === 'no-account' || (error instanceof ApiError && error.status === 422);
  return (
    <section className="ow-panel ow-admin-card" aria-labelledby="fb-visit">
      <h2 id="fb-visit" className="ow-admin-h2">
        {t('admin.feedback.window.visit')}
      </h2>
      <p className="ow-muted ow-wb-sub">{t('admin.feedback.window.visitLead')}</p>
      <Form<VisitValues>
        form={form}
        layout="vertical"
        className="ow-fb-visit-form"
        onFinish={(v) => void submit(v)}
        disabled={pending}
        requiredMark="optional"
        initialValues={{ organisationId: orgs[0]?.id, window: windows[0] }}
        data-testid="visit-form"
      >
        <div className="ow-wb-two">
          <Form.Item
            name="idNumber"
            label={t('admin.feedback.window.idNumber')}
            rules={[{ required: true, validator: async (_r, v: string | undefined) => { if (!v || checkIdNumber(v.trim().toUpperCase()) !== null) throw new Error(t('admin.feedback.window.idNumberRequired')); } }]}
          >
            <Input maxLength={18} autoComplete="off" inputMode="text" className="ow-wb-code" id="visit-id" />
          </Form.Item>
          <Form.Item name="window" label={t('admin.feedback.window.windowNo')} rules={[{ required: true, whitespace: true, max: 20, message: t('admin.feedback.window.windowRequired') }]}>
            <AutoComplete options={windows.map((w) => ({ value: w }))} placeholder={t('admin.feedback.window.windowPlaceholder')} id="visit-window" />
          </Form.Item>
        </div>
        <Form.Item name="organisationId" label={t('admin.feedback.window.organisation')} rules={[{ required: true, message: t('admin.feedback.window.organisationRequired') }]} hidden={orgs.length <= 1}>
          <Select options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item label={t('admin.feedback.window.item')}>
          <AutoComplete
            id="visit-item"
            value={itemText}
            allowClear
            placeholder={t('admin.feedback.window.itemPlaceholder')}
            onChange={(v: string) => {
              setItemText(v ?? '');
              if (item && v !== item.name) setItem(null);
            }}
            onSelect={(code: string) => {
              const hit = found.data?.items.find((i) => i.implementationCode === code);
              if (hit) {
                setItem({ code, name: hit.name });
                setItemText(hit.name);
              }
            }}
            options={(found.data?.items ?? []).map((i) => ({
              value: i.implementationCode,
              label: (
                <span className="ow-fb-item-option">
                  <span>{i.name}</span>
                  <span className="ow-muted ow-wb-sub">{i.organisation.name}</span>
                </span>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('admin.feedback.window.summary')}
          rules={[{ validator: async (_r, v: string | undefined) => { if (!item && !(v ?? '').trim()) throw new Error(t('admin.feedback.window.summaryRequired')); } }]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('admin.feedback.window.summaryPlaceholder')} id="visit-summary" />
        </Form.Item>
        {error !== null && !(error instanceof ApiError && error.status === 400) && (
          <Alert
            type={noAccount ? 'warning' : 'error'}
            showIcon
            className="ow-wb-action-error"
            data-testid="visit-error"
            title={noAccount ? t('admin.feedback.window.noAccount') : problemAlert(t, error).title}
            description={noAccount ? undefined : problemAlert(t, error).detail}
          />
        )}
        <Button type="primary" htmlType="submit" loading={pending} data-testid="visit-submit" className="ow-fb-visit-submit" autoInsertSpace={false}>
          {t('admin.feedback.window.record')}
        </Button>
      </Form>
    </section>
  );
}

const dayOf = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));

function VisitsSection({ visits }: { visits: { data?: { items: VisitView[] }; isPending: boolean; isError: boolean; error: unknown } }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const [span, setSpan] = useState<'today' | 'week'>('today');
  const today = dayOf(new Date().toISOString());
  const all = visits.data?.items ?? [];
  const todays = all.filter((v) => dayOf(v.visitedAt) === today);
  const rows = span === 'today' ? todays : all;
  return (
    <section className="ow-panel ow-admin-card" aria-labelledby="fb-visits" data-testid="visits">
      <div className="ow-fb-section-head">
        <h2 id="fb-visits" className="ow-admin-h2">
          {t('admin.feedback.window.visits')}
        </h2>
        <Segmented
          size="small"
          value={span}
          onChange={(v) => setSpan(v as 'today' | 'week')}
          options={[
            { value: 'today', label: t('admin.feedback.window.visitsToday') },
            { value: 'week', label: t('admin.feedback.window.visitsWeek') },
          ]}
        />
      </div>
      <p className="ow-muted ow-wb-sub" role="status">
        {t('admin.feedback.window.visitsCount', { count: todays.length })} · {t('admin.feedback.window.visitsRated', { count: todays.filter((v) => v.rated).length })}
      </p>
      {visits.isError ? (
        <Alert type="error" showIcon title={problemAlert(t, visits.error).title} />
      ) : rows.length ? (
        <ul className="ow-fb-visits">
          {rows.map((v) => (
            <li key={v.id} className="ow-fb-visit" data-testid="visit" data-rated={v.rated}>
              <div className="ow-fb-visit-main">
                <strong>{v.itemName || v.summary || '—'}</strong>
                <span className="ow-muted ow-wb-sub">
                  {v.person} · {t('admin.feedback.window.windowLabel')} {v.window} · {formatDateTime(v.visitedAt, lang)}
                </span>
                {v.itemName && v.summary && v.summary !== v.itemName && <span className="ow-muted ow-wb-sub">{v.summary}</span>}
              </div>
              {v.rated ? (
                <Tag color="green" icon={<CheckCircleFilled />} className="ow-status-tag">
                  {t('admin.feedback.window.rated')}
                </Tag>
              ) : (
                <Tag icon={<ClockCircleOutlined />} className="ow-status-tag">
                  {t('admin.feedback.window.notRated')}
                </Tag>
              )}
            </li>
          ))}
        </ul>
      ) : (
        !visits.isPending && <p className="ow-muted ow-admin-empty">{t('admin.feedback.window.noVisits')}</p>
      )}
    </section>
  );
}

export default function WindowPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.feedback.window.title'));
  const api = useAdminApi().feedback;
  const codes = useQuery({ queryKey: ['admin', 'feedback', 'codes'], queryFn: ({ signal }) => api.ratingCodes(signal), staleTime: 0 });
  const visits = useQuery({ queryKey: ['admin', 'feedback', 'visits'], queryFn: ({ signal }) => api.visits(signal), staleTime: 0, refetchInterval: 60_000 });
  const windows = [...new Set((codes.data?.items ?? []).map((c) => c.window).filter((w): w is string => !!w))];
  return (
    <div className="ow-admin-page ow-fb-window" data-testid="window-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.feedback.window.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.feedback.window.lead')}</p>
        </div>
      </div>
      <CodesSection />
      <div className="ow-fb-window-grid">
        {codes.isPending ? null : <VisitForm key={windows[0] ?? 'none'} windows={windows} />}
        <VisitsSection visits={visits} />
      </div>
    </div>
  );
}
