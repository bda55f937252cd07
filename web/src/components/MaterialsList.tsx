import { FileTextOutlined, LinkOutlined } from '@ant-design/icons';
import { Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Material } from '@onewindow/domain';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { codeLabel, isSafeUrl, joinList } from '../lib/format';
import { useIsMobile } from '../lib/useMedia';

function SourceTag({ m }: { m: Material }) {
  const { t } = useTranslation();
  const color = m.source === 'platform' ? 'green' : m.source === 'issuer' ? 'geekblue' : 'default';
  return (
    <Tag color={color} variant="outlined" className="ow-wrap-tag">
      {codeLabel(t, 'materialSource', m.source)}
    </Tag>
  );
}

function RequiredTag({ m }: { m: Material }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={m.required ? 'red' : 'default'} variant="outlined">
        {m.required ? t('guide.required') : t('guide.optional')}
      </Tag>
      {m.requiredNote && <div className="ow-cell-note">{m.requiredNote}</div>}
    </>
  );
}

function Links({ m }: { m: Material }) {
  const { t } = useTranslation();
  const links = [
    isSafeUrl(m.blankFormUrl) ? { href: m.blankFormUrl, label: t('guide.blankForm'), icon: <FileTextOutlined /> } : null,
    isSafeUrl(m.sampleUrl) ? { href: m.sampleUrl, label: t('guide.sample'), icon: <LinkOutlined /> } : null,
  ].filter((x) => x !== null);
  if (links.length === 0) return <span className="ow-muted">—</span>;
  return (
    <span className="ow-material-links">
      {links.map((l) => (
        <a key={l.href + l.label} href={l.href} target="_blank" rel="noopener noreferrer">
          {l.icon} {l.label}
        </a>
      ))}
    </span>
  );
}

const forms = (t: TFunction, m: Material) => joinList(t, m.forms.map((f) => codeLabel(t, 'materialForm', f)));
const copies = (t: TFunction, m: Material) => (m.copies > 0 ? t('guide.copies', { count: m.copies }) : t('guide.copiesNone'));

function NameCell({ m }: { m: Material }) {
  return (
    <div className="ow-material-name">
      <strong>{m.name}</strong>
      {m.description && <div className="ow-cell-note">{m.description}</div>}
      {m.sourceNote && <div className="ow-cell-note ow-cell-source">{m.sourceNote}</div>}
    </div>
  );
}

/** 申请材料: a table on wide screens, a list of cards on phones. */
export function MaterialsList({ materials }: { materials: Material[] }) {
  const { t } = useTranslation();
  const required = materials.filter((m) => m.required).length;
  const mobile = useIsMobile();

  const columns: TableColumnsType<Material> = [
    { title: t('guide.materialsCols.index'), key: 'index', width: 52, align: 'center', render: (_v, _m, i) => i + 1 },
    { title: t('guide.materialsCols.name'), key: 'name', render: (_v, m) => <NameCell m={m} /> },
    { title: t('guide.materialsCols.source'), key: 'source', width: 116, render: (_v, m) => <SourceTag m={m} /> },
    { title: t('guide.materialsCols.forms'), key: 'forms', width: 92, render: (_v, m) => forms(t, m) },
    { title: t('guide.materialsCols.copies'), key: 'copies', width: 60, align: 'center', render: (_v, m) => copies(t, m) },
    { title: t('guide.materialsCols.required'), key: 'required', width: 104, render: (_v, m) => <RequiredTag m={m} /> },
    {
      title: t('guide.materialsCols.mayBeMissing'),
      key: 'mayBeMissing',
      width: 64,
      align: 'center',
      render: (_v, m) => (m.mayBeMissing ? <Tag color="orange">{t('common.yes')}</Tag> : <span className="ow-muted">{t('common.no')}</span>),
    },
    { title: t('guide.materialsCols.remarks'), key: 'remarks', width: 100, render: (_v, m) => <Links m={m} /> },
  ];

  if (materials.length === 0) return <p className="ow-muted">{t('guide.noMaterials')}</p>;

  return (
    <>
      <p className="ow-muted ow-materials-total">{t('guide.materialsTotal', { count: materials.length, required })}</p>
      {!mobile && (
        <Table<Material> rowKey="code" size="middle" bordered columns={columns} dataSource={materials} pagination={false} />
      )}
      {mobile && (
        <ol className="ow-material-cards">
          {materials.map((m, i) => (
            <li key={m.code} className="ow-material-card">
              <div className="ow-material-card-head">
                <span className="ow-material-index">{i + 1}</span>
                <NameCell m={m} />
              </div>
              <dl className="ow-material-dl">
                <dt>{t('guide.materialsCols.source')}</dt>
                <dd>
                  <SourceTag m={m} />
                </dd>
                <dt>{t('guide.materialsCols.forms')}</dt>
                <dd>{forms(t, m)}</dd>
                <dt>{t('guide.materialsCols.copies')}</dt>
                <dd>{copies(t, m)}</dd>
                <dt>{t('guide.materialsCols.required')}</dt>
                <dd>
                  <RequiredTag m={m} />
                </dd>
                <dt>{t('guide.materialsCols.mayBeMissing')}</dt>
                <dd>{m.mayBeMissing ? t('guide.mayBeMissing') : t('guide.notMissing')}</dd>
                <dt>{t('guide.materialsCols.remarks')}</dt>
                <dd>
                  <Links m={m} />
                </dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
