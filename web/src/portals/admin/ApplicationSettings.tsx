/**
 * 在线申请设置 of the item form: the application form (a field list from which the restricted JSON
 * Schema of @onewindow/domain is generated, with a live preview), the materials the form replaces,
 * 告知承诺制, high risk, the minimum assurance level and the review steps. The names of the inputs
 * follow the request body (`application.commitment.notice` …) so that the server's error pointers
 * land on them; the form's fields are a list here and `formPathOf` (./itemForm) maps
 * `application/form/properties/<key>/…` onto their rows.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Empty, Form, Input, InputNumber, Row, Select, Switch, Tag } from 'antd';
import type { FormInstance, FormRule } from 'antd';
import { FORM_FIELD_KEY, formFieldSchema, PREFILL_SOURCES, type FormDefinition, type FormField } from '@onewindow/domain';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApplicationForm, type FormValue } from '../../components/ApplicationForm';
import { EntryHead } from './FormParts';
import { clean, fieldOfRow, type FormFieldRow, type ItemFormValues } from './itemForm';

const APP = 'application';
const FIELDS: ['application', 'form', 'fields'] = [APP, 'form', 'fields'];
const FIELD_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
const LEVELS = [2, 3, 4, 5] as const;
const MAX_FIELDS = 100;
const MAX_STEPS = 10;

/** The preview's definition: the rows complete enough to be a field (the others are counted, not shown). */
function previewOf(rows: (FormFieldRow | undefined)[]): { definition: FormDefinition; skipped: number } {
  const properties: Record<string, FormField> = {};
  const order: string[] = [];
  const required: string[] = [];
  let skipped = 0;
  for (const raw of rows) {
    const row = (clean(raw ?? {}) ?? {}) as FormFieldRow;
    const key = row.key ?? '';
    const field = formFieldSchema.safeParse(fieldOfRow(row));
    if (!FORM_FIELD_KEY.test(key) || key in properties || !field.success) {
      skipped++;
      continue;
    }
    properties[key] = field.data;
    order.push(key);
    if (row.required) required.push(key);
  }
  return { definition: { type: 'object', properties, required, 'x-order': order }, skipped };
}

/** A name not yet used among `taken`: field1, field2 … */
function freshKey(prefix: string, taken: (string | null | undefined)[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`;
}

export function ApplicationSettingsFields({ form }: { form: FormInstance<ItemFormValues> }) {
  const { t } = useTranslation();
  const enabled = Form.useWatch([APP, 'enabled'], form) as boolean | undefined;
  const rows = (Form.useWatch(FIELDS, { form, preserve: true }) ?? []) as (FormFieldRow | undefined)[];
  const materials = (Form.useWatch('materials', { form, preserve: true }) ?? []) as ItemFormValues['materials'];
  const commitment = Form.useWatch([APP, 'commitment', 'enabled'], form) as boolean | undefined;
  const customSteps = Form.useWatch([APP, 'customReviewSteps'], form) as boolean | undefined;
  const formTitle = Form.useWatch([APP, 'form', 'title'], form) as string | undefined;
  const rowsKey = JSON.stringify(rows);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content: the watched array is new on every change
  const preview = useMemo(() => previewOf(rows), [rowsKey]);
  const [sample, setSample] = useState<FormValue>({});
  const prefilled = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [key, f] of Object.entries(preview.definition.properties)) {
      if (f['x-prefill']) out[key] = t(`admin.app.prefillSample.${f['x-prefill']}`);
    }
    return out;
  }, [preview, t]);

  const required: FormRule[] = [{ required: true, whitespace: true }];
  /** no check of its own (the server judges), but a rule makes an edit clear the server's error on the input */
  const judged: FormRule[] = [{ validator: async () => {} }];
  const materialOptions = (materials ?? []).flatMap((m) =>
    m?.code ? [{ value: m.code, label: `${m.name?.trim() || t('admin.app.unnamedMaterial')} · ${m.code.slice(-3)}`, title: m.code }] : [],
  );
  const knownMaterials: FormRule = {
    validator: async (_r, codes?: string[]) => {
      const known = new Set((form.getFieldValue('materials') as ItemFormValues['materials'] ?? []).map((m) => m?.code));
      if ((codes ?? []).some((c) => !known.has(c))) throw new Error(t('admin.app.materialGone'));
    },
  };
  const uniqueKey: FormRule = {
    validator: async (_r, key?: string) => {
      const all = ((form.getFieldValue(FIELDS) ?? []) as FormFieldRow[]).map((r) => (r?.key ?? '').trim());
      if (key && all.filter((k) => k === key.trim()).length > 1) throw new Error(t('admin.app.keyTaken'));
    },
  };
  const prefillOptions = PREFILL_SOURCES.map((s) => ({ value: s, label: t(`admin.app.prefill.${s}`) }));

  return (
    <>
      <Form.Item name={[APP, 'enabled']} label={t('admin.app.enabled')} valuePropName="checked" extra={enabled ? t('admin.app.enabledOn') : t('admin.app.enabledOff')}>
        <Switch checkedChildren={t('admin.app.on')} unCheckedChildren={t('admin.app.off')} />
      </Form.Item>
      {enabled && (
        <>
          <fieldset className="ow-admin-fieldset ow-admin-app-block">
            <legend>{t('admin.app.formLegend')}</legend>
            <Form.Item name={[APP, 'form', 'title']} rules={judged} label={t('admin.app.formTitle')}>
              <Input maxLength={200} placeholder={t('admin.app.formTitlePlaceholder')} />
            </Form.Item>
            <Form.List name={FIELDS}>
              {(fields, { add, remove, move }, { errors }) => (
                <div className="ow-admin-app-fields" data-testid="app-fields">
                  {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.app.noFields')} />}
                  {fields.map((field, i) => {
                    const row = rows[i] ?? {};
                    const type = row.type ?? 'string';
                    const text = type === 'string';
                    const numeric = type === 'number' || type === 'integer';
                    const at = (k: keyof FormFieldRow) => [field.name, k];
                    return (
                      <div key={field.key} className="ow-admin-entry ow-admin-app-field">
                        <EntryHead
                          label={
                            <span className="ow-admin-app-field-label">
                              {row.title?.trim() || t('admin.app.field', { n: i + 1 })}
                              {row.key && <code className="ow-code">{row.key}</code>}
                              {row.required && <Tag color="red">{t('admin.app.requiredTag')}</Tag>}
                              {row['x-prefill'] && <Tag color="blue">{t('admin.app.prefillTag')}</Tag>}
                            </span>
                          }
                          index={i}
                          count={fields.length}
                          onMove={move}
                          onRemove={() => remove(field.name)}
                          removeLabel={t('admin.app.removeField', { n: i + 1 })}
                        />
                        <Row gutter={12}>
                          <Col xs={24} md={8} xl={6}>
                            <Form.Item
                              name={at('title')}
                              label={t('admin.app.fieldTitle')}
                              rules={required}
                            >
                              <Input maxLength={100} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={8} xl={6}>
                            <Form.Item
                              name={at('key')}
                              label={t('admin.app.fieldKey')}
                              tooltip={t('admin.app.fieldKeyTip')}
                              rules={[...required, { pattern: FORM_FIELD_KEY, message: t('admin.app.keyPattern') }, uniqueKey]}
                            >
                              <Input maxLength={50} className="ow-code" />
                            </Form.Item>
                          </Col>
                          <Col xs={14} md={5} xl={6}>
                            <Form.Item name={at('type')} label={t('admin.app.fieldType')} rules={[{ required: true }]}>
                              <Select options={FIELD_TYPES.map((v) => ({ value: v, label: t(`admin.app.types.${v}`) }))} />
                            </Form.Item>
                          </Col>
                          <Col xs={10} md={3} xl={6}>
                            <Form.Item name={at('required')} rules={judged} label={t('admin.app.fieldRequired')} valuePropName="checked">
                              <Switch />
                            </Form.Item>
                          </Col>
                          {text && (
                            <>
                              <Col xs={24} md={12}>
                                <Form.Item name={at('enum')} rules={judged} label={t('admin.app.enum')} extra={t('admin.app.enumExtra')}>
                                  <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、', '\n']} placeholder={t('admin.app.enumPlaceholder')} />
                                </Form.Item>
                              </Col>
                              <Col xs={12} md={6}>
                                <Form.Item name={at('format')} rules={judged} label={t('admin.app.format')}>
                                  <Select allowClear placeholder={t('admin.app.formatNone')} options={(['date', 'email'] as const).map((v) => ({ value: v, label: t(`admin.app.formats.${v}`) }))} />
                                </Form.Item>
                              </Col>
                              <Col xs={12} md={6}>
                                <Form.Item name={at('x-prefill')} rules={judged} label={t('admin.app.prefillLabel')}>
                                  <Select allowClear placeholder={t('admin.app.prefillNone')} options={prefillOptions} />
                                </Form.Item>
                              </Col>
                              <Col xs={12} md={6}>
                                <Form.Item
                                  name={at('maxLength')}
                                  label={t('admin.app.maxLength')}
                                  rules={[{ required: !row.enum?.length && !row.format, message: t('admin.app.maxLengthRequired') }]}
                                >
                                  <InputNumber min={1} max={10000} precision={0} className="ow-admin-number" />
                                </Form.Item>
                              </Col>
                              <Col xs={12} md={6}>
                                <Form.Item name={at('minLength')} rules={judged} label={t('admin.app.minLength')}>
                                  <InputNumber min={0} max={10000} precision={0} className="ow-admin-number" />
                                </Form.Item>
                              </Col>
                              <Col xs={12} md={6}>
                                <Form.Item name={at('x-multiline')} rules={judged} label={t('admin.app.multiline')} valuePropName="checked">
                                  <Switch />
                                </Form.Item>
                              </Col>
                              <Col xs={24} md={6}>
                                <Form.Item name={at('pattern')} rules={judged} label={t('admin.app.pattern')} tooltip={t('admin.app.patternTip')}>
                                  <Input maxLength={300} className="ow-code" placeholder="^[0-9]{6}$" />
                                </Form.Item>
                              </Col>
                            </>
                          )}
                          {numeric && (
                            <>
                              <Col xs={12} md={6}>
                                <Form.Item name={at('minimum')} rules={judged} label={t('admin.app.minimum')}>
                                  <InputNumber className="ow-admin-number" precision={type === 'integer' ? 0 : undefined} />
                                </Form.Item>
                              </Col>
                              <Col xs={12} md={6}>
                                <Form.Item name={at('maximum')} rules={judged} label={t('admin.app.maximum')}>
                                  <InputNumber className="ow-admin-number" precision={type === 'integer' ? 0 : undefined} />
                                </Form.Item>
                              </Col>
                            </>
                          )}
                          <Col xs={24} md={numeric ? 12 : 24}>
                            <Form.Item name={at('description')} rules={judged} label={t('admin.app.description')}>
                              <Input maxLength={500} placeholder={t('admin.app.descriptionPlaceholder')} />
                            </Form.Item>
                          </Col>
                        </Row>
                      </div>
                    );
                  })}
                  <Form.ErrorList errors={errors} />
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    disabled={fields.length >= MAX_FIELDS}
                    onClick={() => add({ key: freshKey('field', rows.map((r) => r?.key)), title: '', type: 'string', required: false, maxLength: 100 })}
                  >
                    {t('admin.app.addField')}
                  </Button>
                </div>
              )}
            </Form.List>

            <div className="ow-admin-app-preview" data-testid="app-preview">
              <div className="ow-admin-app-preview-head">
                <strong>{t('admin.app.preview')}</strong>
                <span className="ow-muted">{t('admin.app.previewHint')}</span>
              </div>
              {preview.skipped > 0 && <Alert type="info" showIcon className="ow-admin-app-preview-note" title={t('admin.app.previewSkipped', { count: preview.skipped })} />}
              {preview.definition['x-order'].length > 0 ? (
                // Enter in a preview input would submit the item form around it
                <div
                  className="ow-admin-app-preview-body"
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
                  }}
                >
                  {formTitle?.trim() && <div className="ow-admin-app-preview-title">{formTitle.trim()}</div>}
                  <ApplicationForm tagName="div" definition={preview.definition} value={sample} onChange={setSample} prefilled={prefilled} />
                </div>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.app.previewEmpty')} />
              )}
            </div>
          </fieldset>

          <fieldset className="ow-admin-fieldset ow-admin-app-block">
            <legend>{t('admin.app.materialsLegend')}</legend>
            <Row gutter={16}>
              <Col xs={24}>
                <Form.Item name={[APP, 'formReplaces']} label={t('admin.app.formReplaces')} extra={t('admin.app.formReplacesExtra')} rules={[knownMaterials]}>
                  <Select mode="multiple" options={materialOptions} maxCount={10} placeholder={t('admin.app.pickMaterials')} notFoundContent={t('admin.app.noMaterials')} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={[APP, 'highRisk']} rules={judged} label={t('admin.app.highRisk')} valuePropName="checked" tooltip={t('admin.app.highRiskTip')}>
                  <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item
                  name={[APP, 'commitment', 'enabled']}
                  label={t('admin.app.commitment')}
                  valuePropName="checked"
                  dependencies={[[APP, 'highRisk']]}
                  rules={[{ validator: async (_r, on?: boolean) => { if (on && form.getFieldValue([APP, 'highRisk'])) throw new Error(t('admin.app.commitmentHighRisk')); } }]}
                >
                  <Switch checkedChildren={t('admin.app.allowed')} unCheckedChildren={t('admin.app.notAllowed')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name={[APP, 'minimumLevel']} label={t('admin.app.minimumLevel')} rules={[{ required: true }]}>
                  <Select options={LEVELS.map((l) => ({ value: l, label: t(`admin.app.levels.${l}`) }))} />
                </Form.Item>
              </Col>
              {commitment && (
                <>
                  <Col xs={24}>
                    <Form.Item name={[APP, 'commitment', 'notice']} label={t('admin.app.notice')} rules={required} extra={t('admin.app.noticeExtra')}>
                      <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={5000} showCount />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item name={[APP, 'commitment', 'replacesMaterials']} label={t('admin.app.commitmentReplaces')} extra={t('admin.app.commitmentReplacesExtra')} rules={[knownMaterials]}>
                      <Select mode="multiple" options={materialOptions} placeholder={t('admin.app.pickMaterials')} notFoundContent={t('admin.app.noMaterials')} showSearch={{ optionFilterProp: 'label' }} />
                    </Form.Item>
                  </Col>
                </>
              )}
            </Row>
          </fieldset>

          <fieldset className="ow-admin-fieldset ow-admin-app-block">
            <legend>{t('admin.app.stepsLegend')}</legend>
            <Form.Item name={[APP, 'customReviewSteps']} label={t('admin.app.customSteps')} valuePropName="checked" extra={customSteps ? t('admin.app.customStepsOn') : t('admin.app.customStepsOff')}>
              <Switch />
            </Form.Item>
            {customSteps && (
              <Form.List name={[APP, 'reviewSteps']}>
                {(steps, { add, remove, move }, { errors }) => (
                  <>
                    {steps.map((step, i) => (
                      <div key={step.key} className="ow-admin-entry ow-admin-app-step">
                        <EntryHead
                          label={t('admin.app.step', { n: i + 1 })}
                          index={i}
                          count={steps.length}
                          onMove={move}
                          onRemove={() => remove(step.name)}
                          removeLabel={t('admin.app.removeStep', { n: i + 1 })}
                        />
                        <Row gutter={12}>
                          <Col xs={24} md={12}>
                            <Form.Item name={[step.name, 'name']} label={t('admin.app.stepName')} rules={required}>
                              <Input maxLength={30} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} md={12}>
                            <Form.Item name={[step.name, 'role']} label={t('admin.app.stepRole')} rules={[{ required: true }]}>
                              <Select options={(['reviewer', 'approver'] as const).map((r) => ({ value: r, label: t(`admin.app.roles.${r}`) }))} />
                            </Form.Item>
                          </Col>
                        </Row>
                      </div>
                    ))}
                    <Form.ErrorList errors={errors} />
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      disabled={steps.length >= MAX_STEPS}
                      onClick={() => {
                        const taken = ((form.getFieldValue([APP, 'reviewSteps']) ?? []) as { key?: string }[]).map((s) => s?.key);
                        add({ key: freshKey('step', taken), name: '', role: 'reviewer' });
                      }}
                    >
                      {t('admin.app.addStep')}
                    </Button>
                  </>
                )}
              </Form.List>
            )}
          </fieldset>
        </>
      )}
    </>
  );
}
