/**
 * Pieces the data-sharing, exchange and licence pages share: status tags, the organisations a
 * staff member acts for (the server's rule, mirrored to fill the pickers), an organisation picker,
 * a dialog asking for a reason, and a list that is a table on wide screens and cards on phones.
 */
import { SearchOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Pagination, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { GrantState, RequestStatus, ResourceStatus, SharingType } from '@onewindow/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../api/admin';
import type { Organisation } from '../../../api/client';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useIsMobile } from '../../../lib/useMedia';
import { useAdminApi, useMe } from '../auth';
import { useAllOrganisations } from '../hooks';
import { problemAlert } from '../problems';

export const useSharingApi = () => useAdminApi().sharing;

/** A message for a failed action: the problem's title and detail. */
export function useFailMessage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (e: unknown) => {
    const p = problemAlert(t, e);
    void message.error(p.detail ? `${p.title}${t('common.colon')}${p.detail}` : p.title);
  };
}

/**
 * A reason dialog's submission: the call, its success message and a refresh of the sharing lists;
 * a failure is shown and answers undefined (the dialog stays open).
 */
export function useSharingAnswer() {
  const fail = useFailMessage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return async <T,>(call: () => Promise<T>, doneMessage: string): Promise<T | undefined> => {
    try {
      const done = await call();
      void message.success(doneMessage);
      await queryClient.invalidateQueries({ queryKey: ['admin', 'sharing'] });
      return done;
    } catch (e) {
      fail(e);
      return undefined;
    }
  };
}

// ---- tags

const TYPE_COLOURS: Record<SharingType, string> = { unconditional: 'green', conditional: 'gold', none: 'default' };
export function SharingTypeTag({ type }: { type: SharingType }) {
  const { t } = useTranslation();
  return (
    <Tag color={TYPE_COLOURS[type]} variant="outlined" className="ow-status-tag" data-sharing-type={type}>
      {t(`admin.sharing.types.${type}`)}
    </Tag>
  );
}

const RESOURCE_COLOURS: Record<ResourceStatus, string> = { draft: 'blue', published: 'green', withdrawn: 'default' };
export function ResourceStatusTag({ status }: { status: ResourceStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={RESOURCE_COLOURS[status]} variant="outlined" className="ow-status-tag">
      {t(`admin.sharing.resourceStatus.${status}`)}
    </Tag>
  );
}

const REQUEST_COLOURS: Record<RequestStatus, string> = { pending: 'processing', granted: 'green', refused: 'red' };
export function RequestStatusTag({ status, automatic }: { status: RequestStatus; automatic?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={REQUEST_COLOURS[status]} variant="outlined" className="ow-status-tag" data-status={status}>
      {t(status === 'granted' && automatic ? 'admin.sharing.requestStatus.grantedAutomatic' : `admin.sharing.requestStatus.${status}`)}
    </Tag>
  );
}

const GRANT_COLOURS: Record<GrantState, string> = { active: 'green', expired: 'default', revoked: 'red' };
export function GrantStateTag({ state }: { state: GrantState }) {
  const { t } = useTranslation();
  return (
    <Tag color={GRANT_COLOURS[state]} variant="outlined" className="ow-status-tag" data-state={state}>
      {t(`admin.sharing.grantState.${state}`)}
    </Tag>
  );
}

/** Data items as tags, by their display names when the resource is known. */
export function FieldTags({ keys, names }: { keys: string[]; names?: Map<string, string> }) {
  return (
    <span className="ow-tags ow-share-fields">
      {keys.map((k) => (
        <Tag key={k} variant="filled">
          {names?.get(k) ?? k}
        </Tag>
      ))}
    </span>
  );
}

// ---- whom a staff member acts for

/** GB/T 2260 prefix of everything a region covers: 33 for 330000, 3301 for 330100. */
export const regionPrefix = (code: string) => (code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code);
const covers = (region: string, code: string) => code.startsWith(regionPrefix(region));

/**
 * Organisations the staff member acts for: in data sharing, those they administer (org_admin) and
 * those of a data steward's region; for credentials and keys, those they administer and those of a
 * platform administrator's region. The server applies the same rule to every request.
 */
export function actsFor(me: Pick<Me, 'roles'>, org: { id: string; regionCode: string }, kind: 'steward' | 'admin'): boolean {
  const regional = kind === 'steward' ? 'data_steward' : 'platform_admin';
  return me.roles.some((r) => (r.role === 'org_admin' && r.organisationId === org.id) || (r.role === regional && covers(r.regionCode, org.regionCode)));
}

/** Every organisation of the node, and those the staff member acts for. */
export function useActingOrganisations(kind: 'steward' | 'admin') {
  const me = useMe();
  const all = useAllOrganisations();
  const acting = useMemo(() => (all.data ?? []).filter((o) => actsFor(me, o, kind)), [all.data, me, kind]);
  return { all, acting };
}

/** A searchable organisation picker (by name or USCC); `valueKey` picks what the value is. */
export function OrgSelect({
  orgs,
  value,
  onChange,
  valueKey = 'id',
  placeholder,
  allowClear,
  loading,
  id,
  className,
  disabled,
}: {
  orgs: Organisation[];
  value?: string | undefined;
  onChange?: (v: string | undefined) => void;
  valueKey?: 'id' | 'uscc';
  placeholder?: string;
  allowClear?: boolean;
  loading?: boolean;
  id?: string;
  className?: string;
  disabled?: boolean;
}) {
  return (
    <Select
      id={id}
      className={className}
      showSearch={{ optionFilterProp: 'search' }}
      allowClear={allowClear}
      loading={loading}
      disabled={disabled}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      placeholder={placeholder}
      popupMatchSelectWidth={false}
      options={orgs.map((o) => ({ value: o[valueKey], label: o.name, search: `${o.name} ${o.shortName ?? ''} ${o.uscc}` }))}
    />
  );
}

// ---- a reason, asked for in a dialog

export function ReasonDialog({
  open,
  title,
  description,
  okText,
  danger = true,
  label,
  onSubmit,
  onClose,
  testId,
}: {
  open: boolean;
  title: string;
  description?: ReactNode;
  okText: string;
  danger?: boolean;
  label?: string;
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [pending, setPending] = useState(false);
  const submit = async () => {
    const { reason } = await form.validateFields();
    setPending(true);
    try {
      const ok = await onSubmit(reason.trim());
      if (ok !== undefined) onClose();
    } finally {
      setPending(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('admin.common.cancel')}
      okButtonProps={{ danger, loading: pending, 'data-testid': 'reason-ok' }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
    >
      <div data-testid={testId ?? 'reason-dialog'}>
        {description && <div className="ow-share-dialog-text">{description}</div>}
        <Form form={form} layout="vertical" preserve={false} requiredMark={false}>
          <Form.Item
            name="reason"
            label={label ?? t('admin.sharing.reason')}
            rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('admin.sharing.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount id="share-reason" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

// ---- a list: a table on wide screens, cards on phones

export function ResponsiveList<T extends object>({
  query,
  columns,
  card,
  rowKey,
  empty,
  page,
  pageSize,
  onPage,
  scrollX,
  testId,
}: {
  query: { data?: { items: T[]; total?: number } | undefined; isPending: boolean; isError: boolean; error: unknown; isFetching: boolean; refetch: () => unknown };
  columns: TableColumnsType<T>;
  card: (row: T) => ReactNode;
  rowKey: (row: T) => string;
  empty: string;
  page?: number;
  pageSize?: number;
  onPage?: (page: number) => void;
  scrollX?: number;
  testId?: string;
}) {
  const mobile = useIsMobile();
  const rows = query.data?.items ?? [];
  const total = query.data?.total ?? rows.length;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const pager = page !== undefined && pageSize !== undefined && onPage && total > pageSize;
  if (mobile) {
    if (query.isPending) return <CardSkeleton rows={4} />;
    return (
      <>
        {rows.length ? (
          <ul className="ow-share-cards" aria-busy={query.isFetching} data-testid={testId}>
            {rows.map((r) => (
              <li key={rowKey(r)} className="ow-share-card" data-row={rowKey(r)}>
                {card(r)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="ow-muted ow-admin-empty">{empty}</p>
        )}
        {pager && <Pagination simple current={page} pageSize={pageSize} total={total} onChange={onPage} className="ow-admin-cards-pager" />}
      </>
    );
  }
  return (
    <div data-testid={testId}>
      <Table<T>
        rowKey={rowKey}
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={query.isPending || query.isFetching}
        scroll={scrollX ? { x: scrollX } : undefined}
        locale={{ emptyText: empty }}
        className="ow-admin-table"
        onRow={(r) => ({ 'data-row': rowKey(r) }) as object}
        pagination={pager ? { current: page, pageSize, total, onChange: onPage, showSizeChanger: false } : false}
      />
    </div>
  );
}

/** Positive page number from the address (1 when missing or odd). */
export function pageOf(v: string | null): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : 1;
}

/** The search box of a list: submits the trimmed text; clearing it drops the search at once. */
export function ListSearch({ id, label, placeholder, maxLength, text, setText, active, onSearch }: {
  id: string;
  label: string;
  placeholder: string;
  maxLength: number;
  text: string;
  setText: (v: string) => void;
  /** the search in force (the address's), if any */
  active: string | undefined;
  onSearch: (q: string | undefined) => void;
}) {
  const { t } = useTranslation();
  return (
    <form
      role="search"
      className="ow-admin-list-search ow-share-search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <label htmlFor={id} className="ow-visually-hidden">
        {label}
      </label>
      <Input
        id={id}
        value={text}
        maxLength={maxLength}
        allowClear
        autoComplete="off"
        enterKeyHint="search"
        prefix={<SearchOutlined className="ow-search-icon" aria-hidden />}
        placeholder={placeholder}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value && active) onSearch(undefined);
        }}
      />
      <Button htmlType="submit">{t('common.search')}</Button>
    </form>
  );
}
