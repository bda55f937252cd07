/**
 * 申请共享: a consuming organisation asks for a resource — the organisation the steward acts for,
 * the data items needed, the purpose, the legal basis and the last day of use. 无条件共享 is
 * granted at once (the answer says so); 有条件共享 waits for the provider's answer by its due date.
 */
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Result, Button } from 'antd';
import type { AccessRequestView, ResourceView } from '@onewindow/domain';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import { useAction } from '../hooks';
import { placeFieldErrors, problemAlert, showFieldErrors } from '../problems';
import { OrgSelect, RequestStatusTag, useActingOrganisations, useSharingApi } from './parts';

interface Values {
  consumerUscc: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  until: Dayjs;
}

const FIELDS = ['consumerUscc', 'fields', 'purpose', 'legalBasis', 'until'];

export function RequestDialog({ resource, open, onClose }: { resource: ResourceView; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useSharingApi();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [done, setDone] = useState<AccessRequestView | null>(null);
  const { acting, all } = useActingOrganisations('steward');
  const consumers = acting.filter((o) => o.id !== resource.provider.id);
  const lang = i18n.resolvedLanguage ?? 'zh-CN';

  const save = useAction(
    (v: Values) =>
      api.createRequest({
        resourceCode: resource.code,
        consumerUscc: v.consumerUscc,
        fields: v.fields,
        purpose: v.purpose.trim(),
        legalBasis: v.legalBasis.trim(),
        until: v.until.format('YYYY-MM-DD'),
      }),
    {
      onSuccess: async (answer) => {
        setDone(answer);
        await queryClient.invalidateQueries({ queryKey: ['admin', 'sharing'] });
      },
      onError: (e) => showFieldErrors(form, placeFieldErrors(e, (p) => (typeof p[0] === 'string' && FIELDS.includes(p[0]) ? [p[0]] : null)).fields),
    },
  );
  const alert = save.error ? problemAlert(t, save.error) : null;
  const close = () => {
    setDone(null);
    save.reset();
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('admin.sharing.request.title', { name: resource.name })}
      onCancel={close}
      maskClosable={false}
      destroyOnHidden
      width={640}
      footer={
        done ? (
          <Button type="primary" onClick={close}>
            {t('admin.common.gotIt')}
          </Button>
        ) : (
          <>
            <Button onClick={close}>{t('admin.common.cancel')}</Button>
            <Button type="primary" loading={save.pending} onClick={() => void form.validateFields().then((v) => save.run(v))} data-testid="request-submit">
              {t('admin.sharing.request.submit')}
            </Button>
          </>
        )
      }
    >
      {done ? (
        <div data-testid="request-done" data-status={done.status}>
          <Result
            className="ow-admin-result"
            status={done.status === 'granted' ? 'success' : 'info'}
            title={done.status === 'granted' ? t('admin.sharing.request.grantedTitle') : t('admin.sharing.request.pendingTitle')}
            subTitle={
              done.status === 'granted'
                ? t('admin.sharing.request.grantedText', { until: formatDate(done.until, lang) })
                : t('admin.sharing.request.pendingText', { provider: done.provider.name, due: done.dueDate ? formatDate(done.dueDate, lang) : '—' })
            }
            extra={<RequestStatusTag status={done.status} automatic={done.automatic} />}
          />
          <p className="ow-share-center">
            <Link to={`/admin/sharing/requests?tab=${done.status === 'granted' ? 'grants-in' : 'mine'}`} onClick={close}>
              {t(done.status === 'granted' ? 'admin.sharing.request.seeGrants' : 'admin.sharing.request.seeRequests')}
            </Link>
          </p>
        </div>
      ) : (
        <div data-testid="request-form">
          <Alert
            type={resource.sharingType === 'unconditional' ? 'success' : 'info'}
            showIcon
            className="ow-share-dialog-alert"
            title={t(`admin.sharing.request.rule.${resource.sharingType}`)}
            description={resource.sharingCondition ?? undefined}
          />
          {alert && <Alert type="error" showIcon className="ow-share-dialog-alert" title={alert.title} description={alert.detail} />}
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{ fields: [], until: dayjs().add(1, 'year'), consumerUscc: consumers.length === 1 ? consumers[0]!.uscc : undefined }}
          >
            <Form.Item
              name="consumerUscc"
              label={t('admin.sharing.request.consumer')}
              extra={t('admin.sharing.request.consumerExtra')}
              rules={[{ required: true, message: t('admin.sharing.request.consumerRequired') }]}
            >
              <OrgSelect id="request-consumer" orgs={consumers} valueKey="uscc" loading={all.isPending} placeholder={t('admin.sharing.request.consumerPlaceholder')} />
            </Form.Item>
            <Form.Item
              name="fields"
              label={t('admin.sharing.request.fields')}
              extra={t('admin.sharing.request.fieldsExtra')}
              rules={[{ required: true, type: 'array', min: 1, message: t('admin.sharing.request.fieldsRequired') }]}
            >
              <Checkbox.Group className="ow-share-field-checks" options={resource.fields.map((f) => ({ value: f.key, label: f.name }))} />
            </Form.Item>
            <Form.Item name="purpose" label={t('admin.sharing.request.purpose')} extra={t('admin.sharing.request.purposeExtra')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('admin.sharing.request.purposeRequired') }]}>
              <Input maxLength={500} id="request-purpose" />
            </Form.Item>
            <Form.Item name="legalBasis" label={t('admin.sharing.request.legalBasis')} rules={[{ required: true, whitespace: true, min: 2, max: 1000, message: t('admin.sharing.request.legalBasisRequired') }]}>
              <Input.TextArea rows={2} maxLength={1000} id="request-basis" />
            </Form.Item>
            <Form.Item name="until" label={t('admin.sharing.request.until')} rules={[{ required: true, message: t('admin.sharing.request.untilRequired') }]}>
              <DatePicker id="request-until" className="ow-share-date" disabledDate={(d) => d.isBefore(dayjs(), 'day')} allowClear={false} />
            </Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}
