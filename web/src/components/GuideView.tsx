import {
  ClockCircleOutlined, EnvironmentOutlined, ExportOutlined, InfoCircleOutlined, LaptopOutlined, PhoneOutlined,
} from '@ant-design/icons';
import { Alert, Anchor, Button, Col, Descriptions, Row, Steps, Tag } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { ItemDetail, ItemGuide, TimeLimit } from '@onewindow/domain';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { codeLabel, formatDate, formatTimeLimit, formatVisits, formatYuan, isSafeUrl, joinList, topicLabel } from '../lib/format';
import { searchHref } from '../lib/searchParams';
import { useIsNarrow } from '../lib/useMedia';
import { ItemTags } from './ItemTags';
import { MaterialsList } from './MaterialsList';

export interface GuideViewProps {
  item: ItemDetail;
  /** the guide's title is the page's h1 on the portal; pages with a heading of their own pass 'h2' */
  titleAs?: 'h1' | 'h2';
  /** replaces the 在线办理 link (the portal's own online application, e.g. <StartOnlineButton>) */
  applyAction?: ReactNode;
}

const SECTIONS = ['basic', 'legalBasis', 'conditions', 'materials', 'process', 'timeLimit', 'fee', 'result', 'places', 'contact'] as const;
type SectionKey = (typeof SECTIONS)[number];
const sectionId = (key: SectionKey) => `guide-${key}`;

function Section({ id, title, children }: { id: SectionKey; title: string; children: ReactNode }) {
  return (
    <section id={sectionId(id)} className="ow-panel ow-guide-section" aria-labelledby={`${sectionId(id)}-h`}>
      <h2 id={`${sectionId(id)}-h`} className="ow-guide-h2">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Prose({ text }: { text: string | undefined }) {
  const { t } = useTranslation();
  if (!text) return <p className="ow-muted">{t('guide.none')}</p>;
  return <div className="ow-prose">{text}</div>;
}

function timeLimitText(t: TFunction, limit: TimeLimit, handlingType?: ItemGuide['handlingType']) {
  return (
    <>
      {formatTimeLimit(t, limit, handlingType)}
      {limit.note && <div className="ow-cell-note">{limit.note}</div>}
    </>
  );
}

function yesNo(t: TFunction, v: boolean) {
  return v ? <Tag color="green">{t('guide.supported')}</Tag> : <span className="ow-muted">{t('guide.unsupported')}</span>;
}

function listOrNone(t: TFunction, values: string[]) {
  return values.length > 0 ? joinList(t, values) : <span className="ow-muted">{t('guide.none')}</span>;
}

function basicInfo(t: TFunction, item: ItemDetail): DescriptionsProps['items'] {
  const g = item.guide;
  const rows: NonNullable<DescriptionsProps['items']> = [
    { key: 'basicCode', label: t('guide.fields.basicCode'), children: <code className="ow-code">{g.basicCode}</code> },
    {
      key: 'implementationCode',
      label: t('guide.fields.implementationCode'),
      children: <code className="ow-code">{g.implementationCode}</code>,
    },
    { key: 'itemType', label: t('guide.fields.itemType'), children: codeLabel(t, 'itemType', g.itemType) },
    { key: 'organisation', label: t('guide.fields.organisation'), children: item.organisation.name },
    {
      key: 'nature',
      label: t('guide.fields.organisationNature'),
      children: codeLabel(t, 'orgNature', g.organisationNature ?? item.organisation.nature),
    },
    { key: 'level', label: t('guide.fields.exerciseLevel'), children: codeLabel(t, 'exerciseLevel', g.exerciseLevel) },
    { key: 'handlingOrganisation', label: t('guide.fields.handlingOrganisation'), children: g.handlingOrganisation },
    { key: 'joint', label: t('guide.fields.jointDepartments'), children: listOrNone(t, g.jointDepartments) },
    {
      key: 'audiences',
      label: t('guide.fields.audiences'),
      children: joinList(t, g.audiences.map((a) => codeLabel(t, 'audience', a))),
    },
    {
      key: 'channels',
      label: t('guide.fields.channels'),
      children: joinList(t, g.channels.map((c) => codeLabel(t, 'channel', c))),
    },
    { key: 'onlineDepth', label: t('guide.fields.onlineDepth'), children: codeLabel(t, 'onlineDepth', g.online.depth) },
    {
      key: 'topics',
      label: t('guide.fields.topics'),
      children:
        g.topics.length > 0 ? (
          <span className="ow-tags">
            {g.topics.map((topic) => (
              <Link key={topic} to={searchHref({ topic })}>
                <Tag color="blue" variant="filled">
                  {topicLabel(t, topic)}
                </Tag>
              </Link>
            ))}
          </span>
        ) : (
          <span className="ow-muted">{t('guide.none')}</span>
        ),
    },
    {
      key: 'quantity',
      label: t('guide.fields.quantityLimit'),
      children: g.quantityLimit || <span className="ow-muted">{t('guide.noLimit')}</span>,
    },
    { key: 'intermediary', label: t('guide.fields.intermediary'), children: listOrNone(t, g.intermediaryServices) },
    {
      key: 'special',
      label: t('guide.fields.specialProcedures'),
      children: listOrNone(t, g.specialProcedures.map((p) => codeLabel(t, 'specialProcedure', p))),
    },
    { key: 'appointment', label: t('guide.fields.appointment'), children: yesNo(t, g.supportsAppointment) },
    { key: 'payment', label: t('guide.fields.onlinePayment'), children: yesNo(t, g.supportsOnlinePayment) },
    { key: 'delivery', label: t('guide.fields.delivery'), children: yesNo(t, g.supportsDelivery) },
    { key: 'region', label: t('guide.fields.region'), children: item.organisation.regionName },
  ];
  if (g.visitsRequired > 0 && g.visitsReason) {
    rows.push({ key: 'visitsReason', label: t('guide.fields.visitsReason'), children: g.visitsReason, span: 'filled' });
  }
  if (item.aliases.length > 0) {
    rows.push({ key: 'aliases', label: t('guide.fields.aliases'), children: joinList(t, item.aliases), span: 'filled' });
  }
  return rows;
}

function SummaryBar({ g }: { g: ItemGuide }) {
  const { t } = useTranslation();
  const cells: { key: string; label: string; value: ReactNode; tone?: string }[] = [
    { key: 'statutory', label: t('guide.summary.statutory'), value: formatTimeLimit(t, g.statutoryTimeLimit) },
    { key: 'promised', label: t('guide.summary.promised'), value: formatTimeLimit(t, g.promisedTimeLimit, g.handlingType), tone: 'blue' },
    { key: 'visits', label: t('guide.summary.visits'), value: formatVisits(t, g.visitsRequired), tone: g.visitsRequired === 0 ? 'red' : undefined },
    { key: 'fee', label: t('guide.summary.fee'), value: g.fee.charged ? t('guide.charged') : t('guide.free'), tone: g.fee.charged ? undefined : 'green' },
    { key: 'handling', label: t('guide.summary.handlingType'), value: codeLabel(t, 'handlingType', g.handlingType) },
    { key: 'scope', label: t('guide.summary.scope'), value: codeLabel(t, 'serviceScope', g.serviceScope) },
  ];
  return (
    <dl className="ow-summary-bar">
      {cells.map((c) => (
        <div key={c.key} className="ow-summary-cell">
          <dt>{c.label}</dt>
          <dd className={c.tone ? `ow-tone-text-${c.tone}` : undefined}>{c.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The guide (办事指南) of one item version, as citizens read it: head with the key figures, then
 * the sections with a table of contents. The page around it supplies the breadcrumb and title.
 */
export function GuideView({ item, titleAs: Title = 'h1', applyAction }: GuideViewProps) {
  const { t, i18n } = useTranslation();
  const g = item.guide;
  const narrow = useIsNarrow();
  const onlineUrl = g.online.available && isSafeUrl(g.online.url) ? g.online.url : undefined;
  const external = onlineUrl ? /^https?:/i.test(onlineUrl) : false;
  const sectionTitle = (k: SectionKey) => t(`guide.sections.${k}`);
  const descColumns = { xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 };

  return (
    <>
      <header className="ow-panel ow-guide-head">
        <Title className="ow-guide-title">{g.name}</Title>
        <ItemTags itemType={g.itemType} onlineDepth={g.online.depth} handlingType={g.handlingType} visitsRequired={g.visitsRequired} full />
        <p className="ow-guide-org">
          {item.organisation.name}
          {item.organisation.regionName && <span className="ow-muted"> · {item.organisation.regionName}</span>}
        </p>
        {g.summary && <p className="ow-guide-summary">{g.summary}</p>}
        <SummaryBar g={g} />
        <div className="ow-guide-actions">
          {applyAction ? (
            applyAction
          ) : onlineUrl ? (
            <Button
              type="primary"
              size="large"
              icon={<LaptopOutlined />}
              href={onlineUrl}
              target={external ? '_blank' : undefined}
              rel={external ? 'noopener noreferrer' : undefined}
              title={t('guide.externalHint')}
            >
              {t('guide.applyOnline')}
              {external && <ExportOutlined aria-hidden className="ow-external-icon" />}
            </Button>
          ) : (
            <Alert type="warning" showIcon icon={<InfoCircleOutlined />} title={t('guide.notOnline')} className="ow-not-online" />
          )}
          <Button size="large" icon={<PhoneOutlined />} href={`tel:${g.consultPhone}`}>
            {t('guide.consultPhone')} {g.consultPhone}
          </Button>
        </div>
        <p className="ow-guide-version">
          <span>{t('guide.version', { version: item.version })}</span>
          <span aria-hidden> · </span>
          <span>{t('guide.updatedAt', { date: formatDate(item.updatedAt, i18n.resolvedLanguage ?? 'zh-CN') })}</span>
        </p>
      </header>

      {narrow && (
        <nav className="ow-guide-jump" aria-label={t('guide.onThisPage')}>
          {SECTIONS.map((k) => (
            <a key={k} href={`#${sectionId(k)}`}>
              {sectionTitle(k)}
            </a>
          ))}
        </nav>
      )}

      <Row gutter={20} className="ow-guide-body">
        <Col span={narrow ? 24 : 19}>
          <Section id="basic" title={sectionTitle('basic')}>
            <Descriptions bordered size="small" column={descColumns} items={basicInfo(t, item)} className="ow-desc" />
          </Section>
          <Section id="legalBasis" title={sectionTitle('legalBasis')}>
            <Prose text={g.legalBasis} />
          </Section>
          <Section id="conditions" title={sectionTitle('conditions')}>
            <Prose text={g.acceptanceConditions} />
          </Section>
          <Section id="materials" title={sectionTitle('materials')}>
            <MaterialsList materials={g.materials} />
          </Section>
          <Section id="process" title={sectionTitle('process')}>
            <Steps
              orientation="vertical"
              size="small"
              className="ow-process"
              items={g.process.map((step, i) => ({
                title: step.name,
                content: step.description ? <div className="ow-prose">{step.description}</div> : undefined,
                status: 'process' as const,
                icon: <span className="ow-step-num">{i + 1}</span>,
              }))}
            />
          </Section>
          <Section id="timeLimit" title={sectionTitle('timeLimit')}>
            <Descriptions
              bordered
              size="small"
              column={descColumns}
              className="ow-desc"
              items={[
                { key: 'statutory', label: t('guide.statutory'), children: timeLimitText(t, g.statutoryTimeLimit) },
                { key: 'promised', label: t('guide.promised'), children: timeLimitText(t, g.promisedTimeLimit, g.handlingType) },
              ]}
            />
          </Section>
          <Section id="fee" title={sectionTitle('fee')}>
            {g.fee.charged ? (
              <Descriptions
                bordered
                size="small"
                column={1}
                className="ow-desc"
                items={[
                  { key: 'charged', label: t('guide.summary.fee'), children: t('guide.charged') },
                  ...(g.fee.basis ? [{ key: 'basis', label: t('guide.feeBasis'), children: <div className="ow-prose">{g.fee.basis}</div> }] : []),
                  ...(g.fee.standard ? [{ key: 'standard', label: t('guide.feeStandard'), children: <div className="ow-prose">{g.fee.standard}</div> }] : []),
                  ...(g.fee.amountFen !== undefined ? [{ key: 'amount', label: t('guide.feeAmount'), children: formatYuan(t, g.fee.amountFen) }] : []),
                ]}
              />
            ) : (
              <p className="ow-fee-free">
                <Tag color="green">{t('guide.free')}</Tag> {t('guide.feeFree')}
              </p>
            )}
          </Section>
          <Section id="result" title={sectionTitle('result')}>
            <Descriptions
              bordered
              size="small"
              column={descColumns}
              className="ow-desc"
              items={[
                { key: 'name', label: t('guide.resultName'), children: g.result.name },
                { key: 'type', label: t('guide.resultType'), children: t(`guide.resultTypes.${g.result.type}`) },
                ...(isSafeUrl(g.result.sampleUrl)
                  ? [
                      {
                        key: 'sample',
                        label: t('guide.resultSample'),
                        children: (
                          <a href={g.result.sampleUrl} target="_blank" rel="noopener noreferrer">
                            {t('guide.download')}
                          </a>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Section>
          <Section id="places" title={sectionTitle('places')}>
            {g.places.length === 0 ? (
              <p className="ow-muted">{t('guide.noPlaces')}</p>
            ) : (
              <Row gutter={[16, 16]}>
                {g.places.map((p, i) => (
                  <Col xs={24} md={12} key={`${p.name}-${i}`}>
                    <div className="ow-place">
                      <h3>{p.name}</h3>
                      <p>
                        <EnvironmentOutlined aria-hidden />
                        <span>
                          <span className="ow-muted">{t('guide.address')}{t('common.colon')}</span>
                          {p.address}
                        </span>
                      </p>
                      <p>
                        <ClockCircleOutlined aria-hidden />
                        <span>
                          <span className="ow-muted">{t('guide.hours')}{t('common.colon')}</span>
                          {p.officeHours}
                        </span>
                      </p>
                    </div>
                  </Col>
                ))}
              </Row>
            )}
          </Section>
          <Section id="contact" title={sectionTitle('contact')}>
            <Row gutter={[16, 16]}>
              <Col xs={24} md={12}>
                <PhoneCard label={t('guide.consultPhone')} phone={g.consultPhone} />
              </Col>
              <Col xs={24} md={12}>
                <PhoneCard label={t('guide.supervisionPhone')} phone={g.supervisionPhone} className="ow-phone-red" />
              </Col>
            </Row>
          </Section>
        </Col>
        {!narrow && (
          <Col lg={5}>
            <div className="ow-panel ow-guide-anchor">
              <div className="ow-guide-anchor-title">{t('guide.onThisPage')}</div>
              <Anchor
                offsetTop={16}
                targetOffset={16}
                replace
                items={SECTIONS.map((k) => ({ key: k, href: `#${sectionId(k)}`, title: sectionTitle(k) }))}
              />
            </div>
          </Col>
        )}
      </Row>
    </>
  );
}


/** A phone number as a tappable card (咨询 / 监督电话). */
function PhoneCard({ label, phone, className }: { label: string; phone: string; className?: string }) {
  return (
    <a className={className ? `ow-phone ${className}` : 'ow-phone'} href={`tel:${phone}`}>
      <PhoneOutlined aria-hidden />
      <span>
        <span className="ow-phone-label">{label}</span>
        <strong>{phone}</strong>
      </span>
    </a>
  );
}
