/**
 * Create / edit form of a service item: every field of itemInputSchema (@onewindow/domain).
 * The server is the judge of the rules (GB/T 39046 codes, cross-field rules): its 400 answer is
 * mapped back onto the fields, pointer by pointer.
 */
import { DeleteOutlined, PlusOutlined, SaveOutlined, ThunderboltOutlined } from '@ant-design/icons';
import {
  Alert, Anchor, App, Button, Col, Form, Input, InputNumber, Row, Select, Switch, Tooltip,
} from 'antd';
import type { FormInstance, FormRule } from 'antd';
import {
  AUDIENCES, CHANNELS, ENTERPRISE_TOPICS, EXERCISE_LEVELS, HANDLING_TYPES, ITEM_TYPES, MATERIAL_FORMS, MATERIAL_SOURCES,
  ONLINE_DEPTHS, ORG_NATURES, PERSONAL_TOPICS, SERVICE_SCOPES, SPECIAL_PROCEDURES, TIME_UNITS,
  type FieldError, type ItemDetail, type ItemInput,
} from '@onewindow/domain';
import type { TFunction } from 'i18next';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../api/admin';
import { codeLabel, topicLabel, type CodeSet } from '../../lib/format';
import { useMedia } from '../../lib/useMedia';
import { useAllOrganisations } from './hooks';
import {
  composeImplementationCode, formPathOf, IMPLEMENTATION_CODE_LENGTH, materialCode, materialRefFields, rebaseMaterialCodes, toItemInput, type ItemFormValues,
} from './itemForm';
import { ApplicationSettingsFields } from './ApplicationSettings';
import { EntryHead } from './FormParts';
import { pointerToNamePath, problemAlert, problemFieldErrors, type NamePath } from './problems';
import { MaterialSupplyField } from './MaterialSupplyField';

const SECTIONS = ['basic', 'organisation', 'legal', 'materials', 'process', 'timeLimit', 'fee', 'result', 'handling', 'application', 'places', 'contact', 'aliases'] as const;
type SectionKey = (typeof SECTIONS)[number];
const sectionId = (k: SectionKey) => `item-form-${k}`;

function options(t: TFunction, set: CodeSet, codes: Record<string, string>) {
  return Object.keys(codes).map((code) => ({ value: code, label: codeLabel(t, set, code) }));
}

function Section({ id, title, hint, children }: { id: SectionKey; title: string; hint?: string; children: ReactNode }) {
  return (
    <section id={sectionId(id)} className="ow-panel ow-admin-card ow-admin-form-section" aria-labelledby={`${sectionId(id)}-h`}>
      <h2 id={`${sectionId(id)}-h`} className="ow-guide-h2">
        {title}
      </h2>
      {hint && <p className="ow-muted ow-admin-section-hint">{hint}</p>}
      {children}
    </section>
  );
}

/** A list of short texts (共同实施部门, 中介服务). */
function TextList({ name, addLabel, placeholder, max }: { name: keyof ItemInput; addLabel: string; placeholder: string; max: number }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }, { errors }) => (
        <div className="ow-admin-text-list">
          {fields.map((field, i) => (
            <div key={field.key} className="ow-admin-text-row">
              <Form.Item name={field.name} className="ow-admin-text-item" rules={[{ required: true, whitespace: true, message: t('admin.form.entryRequired') }]}>
                <Input placeholder={placeholder} maxLength={max} aria-label={`${placeholder} ${i + 1}`} />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('admin.form.remove')} />
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
            {addLabel}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

function TimeLimitFields({ name, label }: { name: 'statutoryTimeLimit' | 'promisedTimeLimit'; label: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="ow-admin-fieldset">
      <legend>{label}</legend>
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'value']} label={t('admin.fields.timeValue')} rules={[{ required: true }]}>
            <InputNumber min={0} max={3650} precision={0} className="ow-admin-number" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'unit']} label={t('admin.fields.timeUnit')} rules={[{ required: true }]}>
            <Select options={options(t, 'timeUnit', TIME_UNITS)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={[name, 'note']} label={t('admin.fields.timeNote')}>
            <Input maxLength={500} />
          </Form.Item>
        </Col>
      </Row>
    </fieldset>
  );
}

/** Where a field error lands: the field itself, the first field inside it (a whole object), or its nearest list. */
function resolveField(path: NamePath, registered: NamePath[]): NamePath | undefined {
  const key = (p: NamePath) => JSON.stringify(p);
  const known = new Map(registered.map((p) => [key(p), p]));
  const exact = known.get(key(path));
  if (exact) return exact;
  const inside = registered.find((p) => p.length > path.length && path.every((seg, i) => p[i] === seg));
  if (inside) return inside;
  for (let n = path.length - 1; n >= 1; n--) {
    const parent = known.get(key(path.slice(0, n)));
    if (parent) return parent;
  }
  return undefined;
}

/** Puts the server's field errors on the form; answers the errors that fit no field. */
function applyFieldErrors(form: FormInstance<ItemFormValues>, errors: FieldError[]): FieldError[] {
  const registered = form.getFieldsError().map((f) => f.name as NamePath);
  const order = new Map(registered.map((p, i) => [JSON.stringify(p), i]));
  const values = form.getFieldsValue(true) as ItemFormValues;
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const unplaced: FieldError[] = [];
  for (const e of errors) {
    const pointed = pointerToNamePath(e.pointer);
    // the application form's fields are a list in the form, an object keyed by field in the body
    const path = pointed && formPathOf(pointed, values);
    const target = path && path.length > 0 ? resolveField(path, registered) : undefined;
    if (!target) {
      unplaced.push(e);
      continue;
    }
    const k = JSON.stringify(target);
    const entry = byField.get(k) ?? { name: target, errors: [] };
    if (!entry.errors.includes(e.detail)) entry.errors.push(e.detail);
    byField.set(k, entry);
  }
  const fields = [...byField.values()];
  (form as FormInstance).setFields(fields.map((f) => ({ name: f.name, errors: f.errors })));
  const first = fields.sort((a, b) => (order.get(JSON.stringify(a.name)) ?? 0) - (order.get(JSON.stringify(b.name)) ?? 0))[0];
  if (first) form.scrollToField(first.name, { behavior: 'smooth', block: 'center', focus: true });
  return unplaced;
}

interface Failure {
  title: string;
  detail?: string;
  unplaced: FieldError[];
}

export interface ItemFormProps {
  mode: 'create' | 'edit';
  initialValues: ItemFormValues;
  /** edit: the item as it is now */
  item?: ItemDetail;
  /** what the save button says */
  submitLabel: string;
  /** sends the body; create gets the idempotency key of this submission */
  submit: (body: ItemInput & { aliases?: string[] }, idempotencyKey: string) => Promise<ItemDetail>;
  onSaved: (item: ItemDetail) => void;
  onCancel: () => void;
  /** shown above the form (e.g. what saving an edit of a published item does) */
  notice?: ReactNode;
}

export function ItemForm({ mode, initialValues, submitLabel, submit, onSaved, onCancel, notice }: ItemFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemFormValues>();
  const orgs = useAllOrganisations();
  const wide = useMedia('(min-width: 1280px)');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  /** the implementation code follows organisation, level and basic code until typed by hand */
  const autoCode = useRef(mode === 'create' && !initialValues.implementationCode);
  const lastComposed = useRef(initialValues.implementationCode ?? '');
  /** one idempotency key per distinct body: a retry of the same submission reuses it */
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const required: FormRule[] = [{ required: true, whitespace: true }];
  const requiredChoice: FormRule[] = [{ required: true }];
  const creating = mode === 'create';

  /** Sets fields programmatically (clearing their old errors), then re-derives the implementation and material codes. */
  const derive = (patch: Partial<ItemFormValues>, force = false) => {
    const current = form.getFieldsValue(true) as ItemFormValues;
    const next = { ...current, ...patch };
    const fields: { name: NamePath; value: unknown; errors: string[] }[] = Object.entries(patch).map(([k, v]) => ({ name: [k], value: v, errors: [] }));
    if (creating && (autoCode.current || force)) {
      const code = composeImplementationCode(next.organisationUscc, next.exerciseLevel, next.basicCode);
      const before = current.implementationCode ?? '';
      if (code !== before) {
        fields.push({ name: ['implementationCode'], value: code, errors: [] });
        const materials = current.materials ?? [];
        const codes = rebaseMaterialCodes(materials.map((m) => m?.code), before, code);
        codes.forEach((c, i) => {
          if (c !== (materials[i]?.code ?? '')) fields.push({ name: ['materials', i, 'code'], value: c, errors: [] });
        });
        for (const f of materialRefFields(current, materials.map((m) => m?.code), codes)) fields.push({ ...f, errors: [] });
      }
      lastComposed.current = code;
      autoCode.current = true;
    }
    (form as FormInstance).setFields(fields);
  };

  const onValuesChange = (changed: Partial<ItemFormValues>) => {
    if ('implementationCode' in changed) {
      const typed = changed.implementationCode ?? '';
      autoCode.current = typed === '' || typed === lastComposed.current;
    }
    if ('organisationUscc' in changed) {
      const org = orgs.data?.find((o) => o.uscc === changed.organisationUscc);
      const current = form.getFieldsValue(true) as ItemFormValues;
      const patch: Partial<ItemFormValues> = {};
      if (org?.level && org.level in EXERCISE_LEVELS) patch.exerciseLevel = org.level as ItemInput['exerciseLevel'];
      if (org?.nature && org.nature in ORG_NATURES) patch.organisationNature = org.nature as ItemInput['organisationNature'];
      if (org && !current.handlingOrganisation?.trim()) patch.handlingOrganisation = org.name;
      derive(patch);
    } else if ('exerciseLevel' in changed) {
      derive({});
    } else if ('basicCode' in changed) {
      const basic = (changed.basicCode ?? '').trim();
      const current = form.getFieldsValue(true) as ItemFormValues;
      const type = basic.slice(2, 4);
      derive(/^\d{12}$/.test(basic) && !current.itemType && type in ITEM_TYPES ? { itemType: type as ItemInput['itemType'] } : {});
    }
  };

  const regenerateMaterialCodes = () => {
    const current = form.getFieldsValue(true) as ItemFormValues;
    const code = current.implementationCode ?? '';
    const materials = current.materials ?? [];
    const codes = materials.map((_m, i) => materialCode(code, i));
    (form as FormInstance).setFields([
      ...codes.map((c, i) => ({ name: ['materials', i, 'code'], value: c, errors: [] })),
      ...materialRefFields(current, materials.map((m) => m?.code), codes).map((f) => ({ ...f, errors: [] })),
    ]);
  };

  const onFinish = async () => {
    const values = form.getFieldsValue(true) as ItemFormValues;
    const body = toItemInput(creating ? values : { ...values, aliases: undefined });
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
    setSaving(true);
    setFailure(null);
    try {
      const saved = await submit(body, attempt.current.key);
      onSaved(saved);
    } catch (e) {
      const fieldErrors = problemFieldErrors(e);
      const unplaced = fieldErrors.length ? applyFieldErrors(form, fieldErrors) : [];
      const { title, detail } = problemAlert(t, e);
      setFailure({ title, detail, unplaced });
      if (fieldErrors.length) void message.error(t('admin.form.fixFields', { count: fieldErrors.length }));
      else requestAnimationFrame(() => failureRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' }));
    } finally {
      setSaving(false);
    }
  };

  const fieldLabel = (pointer: string) => {
    const path = pointerToNamePath(pointer);
    if (!path || path.length === 0) return pointer;
    return [t(`admin.fields.${String(path[0])}`, { defaultValue: String(path[0]) }), ...path.slice(1).map((s) => (typeof s === 'number' ? `#${s + 1}` : s))].join(' › ');
  };

  const orgOptions = (orgs.data ?? []).map((o) => ({
    value: o.uscc,
    label: o.name,
    title: `${o.name} · ${o.regionName} · ${o.uscc}`,
  }));
  const topicOptions = [
    { label: t('audienceGroup.personal'), options: PERSONAL_TOPICS.map((n) => ({ value: n, label: topicLabel(t, n) })) },
    { label: t('audienceGroup.legal'), options: ENTERPRISE_TOPICS.map((n) => ({ value: n, label: topicLabel(t, n) })) },
  ];
  const visible = SECTIONS.filter((k) => creating || k !== 'aliases');

  const formBody = (
    <Form<ItemFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      onFinish={() => void onFinish()}
      onFinishFailed={({ errorFields }) => {
        const first = errorFields[0];
        if (first) form.scrollToField(first.name, { behavior: 'smooth', block: 'center', focus: true });
      }}
      scrollToFirstError={false}
      className="ow-admin-form"
      // the rules are antd's; the browser's own checks would also hold the preview's required inputs (在线申请设置) against saving
      noValidate
      disabled={saving}
    >
      {notice}
      {failure && (
        <div ref={failureRef}>
          <Alert
            type="error"
            showIcon
            role="alert"
            className="ow-admin-form-alert"
            title={failure.title}
            description={
              failure.detail || failure.unplaced.length ? (
                <>
                  {failure.detail && <p className="ow-admin-alert-p">{failure.detail}</p>}
                  {failure.unplaced.length > 0 && (
                    <ul className="ow-admin-alert-list">
                      {failure.unplaced.map((e, i) => (
                        <li key={i}>
                          {fieldLabel(e.pointer)}
                          {t('common.colon')}
                          {e.detail}
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              ) : undefined
            }
            closable={{ onClose: () => setFailure(null) }}
          />
        </div>
      )}

      <Section id="basic" title={t('admin.form.sections.basic')}>
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item name="name" label={t('admin.fields.name')} rules={required}>
              <Input maxLength={200} showCount />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="summary" label={t('admin.fields.summary')} extra={t('admin.form.summaryExtra')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="itemType" label={t('admin.fields.itemType')} rules={requiredChoice}>
              <Select options={options(t, 'itemType', ITEM_TYPES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="serviceScope" label={t('admin.fields.serviceScope')} rules={requiredChoice}>
              <Select options={options(t, 'serviceScope', SERVICE_SCOPES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="audiences" label={t('admin.fields.audiences')} rules={requiredChoice}>
              <Select mode="multiple" options={options(t, 'audience', AUDIENCES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="topics" label={t('admin.fields.topics')}>
              <Select mode="multiple" options={topicOptions} showSearch={{ optionFilterProp: 'label' }} maxCount={10} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="handlingType" label={t('admin.fields.handlingType')} rules={requiredChoice}>
              <Select options={options(t, 'handlingType', HANDLING_TYPES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="specialProcedures" label={t('admin.fields.specialProcedures')}>
              <Select mode="multiple" options={options(t, 'specialProcedure', SPECIAL_PROCEDURES)} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="quantityLimit" label={t('admin.fields.quantityLimit')}>
              <Input maxLength={500} placeholder={t('admin.form.quantityPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      <Section id="organisation" title={t('admin.form.sections.organisation')} hint={t('admin.form.codesHint')}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="organisationUscc" label={t('admin.fields.organisationUscc')} rules={requiredChoice}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={orgOptions}
                loading={orgs.isPending}
                placeholder={t('admin.form.orgPlaceholder')}
                notFoundContent={orgs.isError ? t('common.error') : undefined}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="exerciseLevel" label={t('admin.fields.exerciseLevel')} rules={requiredChoice}>
              <Select options={options(t, 'exerciseLevel', EXERCISE_LEVELS)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="organisationNature" label={t('admin.fields.organisationNature')} rules={requiredChoice}>
              <Select options={options(t, 'orgNature', ORG_NATURES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="basicCode" label={t('admin.fields.basicCode')} rules={required} extra={t('admin.form.basicCodeExtra')}>
              <Input maxLength={12} inputMode="numeric" className="ow-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('admin.fields.implementationCode')}
              required
              extra={creating ? t('admin.form.implementationCodeExtra') : t('admin.form.implementationCodeFixed')}
            >
              <div className="ow-admin-code-row">
                <Form.Item name="implementationCode" noStyle rules={required}>
                  <Input maxLength={IMPLEMENTATION_CODE_LENGTH} disabled={!creating} className="ow-code" aria-label={t('admin.fields.implementationCode')} />
                </Form.Item>
                {creating && (
                  <Tooltip title={t('admin.form.composeTip')}>
                    <Button icon={<ThunderboltOutlined />} onClick={() => derive({}, true)}>
                      {t('admin.form.compose')}
                    </Button>
                  </Tooltip>
                )}
              </div>
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="handlingOrganisation" label={t('admin.fields.handlingOrganisation')} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('admin.fields.jointDepartments')}>
              <TextList name="jointDepartments" addLabel={t('admin.form.addJointDepartment')} placeholder={t('admin.form.jointDepartment')} max={200} />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      <Section id="legal" title={t('admin.form.sections.legal')}>
        <Form.Item name="legalBasis" label={t('admin.fields.legalBasis')} rules={required}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item name="acceptanceConditions" label={t('admin.fields.acceptanceConditions')} rules={required}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item label={t('admin.fields.intermediaryServices')}>
          <TextList name="intermediaryServices" addLabel={t('admin.form.addIntermediary')} placeholder={t('admin.form.intermediary')} max={300} />
        </Form.Item>
      </Section>

      <Section id="materials" title={t('admin.form.sections.materials')} hint={t('admin.form.materialsHint')}>
        <Form.List name="materials">
          {(fields, { add, remove, move }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key} className="ow-admin-entry">
                  <EntryHead
                    label={t('admin.form.material', { n: i + 1 })}
                    index={i}
                    count={fields.length}
                    onMove={move}
                    onRemove={() => remove(field.name)}
                    removeLabel={t('admin.form.removeMaterial', { n: i + 1 })}
                  />
                  <Row gutter={12}>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'name']} label={t('admin.fields.materialName')} rules={required}>
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item label={t('admin.fields.materialCode')} required>
                        <div className="ow-admin-code-row">
                          <Form.Item name={[field.name, 'code']} noStyle rules={required}>
                            <Input maxLength={34} className="ow-code" aria-label={t('admin.fields.materialCode')} />
                          </Form.Item>
                          <Tooltip title={t('admin.form.materialCodeTip')}>
                            <Button
                              icon={<ThunderboltOutlined />}
                              aria-label={t('admin.form.materialCodeTip')}
                              onClick={() =>
                                form.setFields([{ name: ['materials', field.name, 'code'], value: materialCode(form.getFieldValue('implementationCode'), i), errors: [] }])
                              }
                            />
                          </Tooltip>
                        </div>
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'forms']} label={t('admin.fields.materialForms')} rules={requiredChoice}>
                        <Select mode="multiple" options={options(t, 'materialForm', MATERIAL_FORMS)} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[field.name, 'copies']} label={t('admin.fields.copies')} rules={requiredChoice}>
                        <InputNumber min={0} max={99} precision={0} className="ow-admin-number" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[field.name, 'required']} label={t('admin.fields.materialRequired')} valuePropName="checked">
                        <Switch checkedChildren={t('guide.required')} unCheckedChildren={t('guide.optional')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[field.name, 'mayBeMissing']} label={t('admin.fields.mayBeMissing')} valuePropName="checked">
                        <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'source']} label={t('admin.fields.materialSource')} rules={requiredChoice}>
                        <Select options={options(t, 'materialSource', MATERIAL_SOURCES)} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'sourceNote']} label={t('admin.fields.sourceNote')} extra={t('admin.form.sourceNoteExtra')}>
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'supply']} label={t('admin.supply.label')} extra={t('admin.supply.extra')}>
                        <MaterialSupplyField />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'requiredNote']} label={t('admin.fields.requiredNote')}>
                        <Input maxLength={300} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'description']} label={t('admin.fields.materialDescription')}>
                        <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={1000} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'blankFormUrl']} label={t('admin.fields.blankFormUrl')}>
                        <Input maxLength={500} placeholder="https://…" inputMode="url" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'sampleUrl']} label={t('admin.fields.sampleUrl')}>
                        <Input maxLength={500} placeholder="https://…" inputMode="url" />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              <div className="ow-admin-list-actions">
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({
                      code: materialCode(form.getFieldValue('implementationCode'), fields.length),
                      name: '',
                      forms: ['electronic'],
                      copies: 0,
                      required: true,
                      mayBeMissing: false,
                      source: 'applicant',
                    })
                  }
                >
                  {t('admin.form.addMaterial')}
                </Button>
                {fields.length > 0 && (
                  <Button type="link" icon={<ThunderboltOutlined />} onClick={regenerateMaterialCodes}>
                    {t('admin.form.regenerateMaterialCodes')}
                  </Button>
                )}
              </div>
            </>
          )}
        </Form.List>
      </Section>

      <Section id="process" title={t('admin.form.sections.process')}>
        <Form.List name="process">
          {(fields, { add, remove, move }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key} className="ow-admin-entry">
                  <EntryHead
                    label={t('admin.form.step', { n: i + 1 })}
                    index={i}
                    count={fields.length}
                    onMove={move}
                    onRemove={() => remove(field.name)}
                    removeLabel={t('admin.form.removeStep', { n: i + 1 })}
                  />
                  <Row gutter={12}>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'name']} label={t('admin.fields.stepName')} rules={required}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={16}>
                      <Form.Item name={[field.name, 'description']} label={t('admin.fields.stepDescription')}>
                        <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={1000} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })} disabled={fields.length >= 30}>
                {t('admin.form.addStep')}
              </Button>
            </>
          )}
        </Form.List>
      </Section>

      <Section id="timeLimit" title={t('admin.form.sections.timeLimit')}>
        <TimeLimitFields name="statutoryTimeLimit" label={t('admin.fields.statutoryTimeLimit')} />
        <TimeLimitFields name="promisedTimeLimit" label={t('admin.fields.promisedTimeLimit')} />
      </Section>

      <Section id="fee" title={t('admin.form.sections.fee')}>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name={['fee', 'charged']} label={t('admin.fields.feeCharged')} valuePropName="checked">
              <Switch checkedChildren={t('guide.charged')} unCheckedChildren={t('guide.free')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name={['fee', 'amountFen']}
              label={t('admin.fields.feeAmount')}
              getValueProps={(fen?: number | null) => ({ value: typeof fen === 'number' ? fen / 100 : fen })}
              normalize={(yuan?: number | null) => (typeof yuan === 'number' ? Math.round(yuan * 100) : yuan)}
            >
              <InputNumber min={0} precision={2} suffix={t('admin.form.yuan')} className="ow-admin-number" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['fee', 'basis']} label={t('admin.fields.feeBasis')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name={['fee', 'standard']} label={t('admin.fields.feeStandard')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      <Section id="result" title={t('admin.form.sections.result')}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['result', 'name']} label={t('admin.fields.resultName')} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['result', 'type']} label={t('admin.fields.resultType')} rules={requiredChoice}>
              <Select
                options={(['licence', 'document', 'other'] as const).map((v) => ({ value: v, label: t(`guide.resultTypes.${v}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name={['result', 'sampleUrl']} label={t('admin.fields.resultSampleUrl')}>
              <Input maxLength={500} placeholder="https://…" inputMode="url" />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      <Section id="handling" title={t('admin.form.sections.handling')}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="channels" label={t('admin.fields.channels')} rules={requiredChoice}>
              <Select mode="multiple" options={options(t, 'channel', CHANNELS)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['online', 'depth']} label={t('admin.fields.onlineDepth')} rules={requiredChoice}>
              <Select options={options(t, 'onlineDepth', ONLINE_DEPTHS)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name={['online', 'available']} label={t('admin.fields.onlineAvailable')} valuePropName="checked">
              <Switch checkedChildren={t('guide.supported')} unCheckedChildren={t('guide.unsupported')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={18}>
            <Form.Item name={['online', 'url']} label={t('admin.fields.onlineUrl')}>
              <Input maxLength={500} placeholder="https://…" inputMode="url" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="visitsRequired" label={t('admin.fields.visitsRequired')} rules={requiredChoice}>
              <InputNumber min={0} max={10} precision={0} className="ow-admin-number" />
            </Form.Item>
          </Col>
          <Col xs={24} md={18}>
            <Form.Item name="visitsReason" label={t('admin.fields.visitsReason')} extra={t('admin.form.visitsReasonExtra')}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="supportsAppointment" label={t('admin.fields.supportsAppointment')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="supportsOnlinePayment" label={t('admin.fields.supportsOnlinePayment')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="supportsDelivery" label={t('admin.fields.supportsDelivery')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      <Section id="application" title={t('admin.form.sections.application')} hint={t('admin.app.hint')}>
        <ApplicationSettingsFields form={form} />
      </Section>

      <Section id="places" title={t('admin.form.sections.places')} hint={t('admin.form.placesHint')}>
        <Form.List name="places">
          {(fields, { add, remove, move }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key} className="ow-admin-entry">
                  <EntryHead
                    label={t('admin.form.place', { n: i + 1 })}
                    index={i}
                    count={fields.length}
                    onMove={move}
                    onRemove={() => remove(field.name)}
                    removeLabel={t('admin.form.removePlace', { n: i + 1 })}
                  />
                  <Row gutter={12}>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'name']} label={t('admin.fields.placeName')} rules={required}>
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'regionCode']} label={t('admin.fields.regionCode')}>
                        <Input maxLength={6} inputMode="numeric" className="ow-code" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'address']} label={t('admin.fields.address')} rules={required}>
                        <Input maxLength={300} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'officeHours']} label={t('admin.fields.officeHours')} rules={required}>
                        <Input maxLength={300} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', address: '', officeHours: '' })} disabled={fields.length >= 20}>
                {t('admin.form.addPlace')}
              </Button>
            </>
          )}
        </Form.List>
      </Section>

      <Section id="contact" title={t('admin.form.sections.contact')}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="consultPhone" label={t('admin.fields.consultPhone')} rules={required}>
              <Input maxLength={40} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="supervisionPhone" label={t('admin.fields.supervisionPhone')} rules={required}>
              <Input maxLength={40} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      {creating && (
        <Section id="aliases" title={t('admin.form.sections.aliases')} hint={t('admin.aliases.hint')}>
          <Form.Item name="aliases" label={t('admin.aliases.label')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、', ';', '；']} placeholder={t('admin.aliases.placeholder')} />
          </Form.Item>
        </Section>
      )}

      <div className="ow-admin-form-bar">
        <Button onClick={onCancel} disabled={false}>
          {t('admin.common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>
          {submitLabel}
        </Button>
      </div>
    </Form>
  );

  if (!wide) return formBody;
  return (
    <Row gutter={20} wrap={false}>
      <Col flex="auto" className="ow-admin-form-col">
        {formBody}
      </Col>
      <Col flex="196px">
        <div className="ow-panel ow-guide-anchor">
          <div className="ow-guide-anchor-title">{t('guide.onThisPage')}</div>
          <Anchor
            offsetTop={16}
            targetOffset={16}
            replace
            items={visible.map((k) => ({ key: k, href: `#${sectionId(k)}`, title: t(`admin.form.sections.${k}`) }))}
          />
        </div>
      </Col>
    </Row>
  );
}
