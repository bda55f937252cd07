import { BankOutlined, CarOutlined, ClockCircleOutlined, RightOutlined, TagsOutlined } from '@ant-design/icons';
import type { ItemSummary } from '@onewindow/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTimeLimit, formatVisits, joinList } from '../lib/format';
import { Highlighted } from './Highlighted';
import { ItemTags } from './ItemTags';

export function itemHref(implementationCode: string): string {
  return `/items/${encodeURIComponent(implementationCode)}`;
}

/** One item of a result list: highlighted name, tags, organisation, promised time, visits. */
export function ItemCard({ item, compact = false }: { item: ItemSummary; compact?: boolean }) {
  const { t } = useTranslation();
  const matched = (item.matchedIn ?? []).filter((m) => m !== 'name');
  const href = itemHref(item.implementationCode);
  return (
    <article className={compact ? 'ow-item-card ow-item-card-compact' : 'ow-item-card'}>
      <div className="ow-item-head">
        <h3 className="ow-item-title">
          <Link to={href}>
            <Highlighted segments={item.highlight} fallback={item.name} />
          </Link>
        </h3>
        <ItemTags itemType={item.itemType} onlineDepth={item.onlineDepth} />
      </div>
      {!compact && item.summary && <p className="ow-item-summary">{item.summary}</p>}
      <ul className="ow-item-meta">
        <li>
          <BankOutlined aria-hidden />
          <span className="ow-ellipsis">{item.organisation.name}</span>
        </li>
        <li>
          <ClockCircleOutlined aria-hidden />
          <span>
            {t('item.promised')}{t('common.colon')}{formatTimeLimit(t, item.promisedTimeLimit, item.handlingType)}
          </span>
        </li>
        <li className={item.visitsRequired === 0 ? 'ow-visits-zero' : undefined}>
          <CarOutlined aria-hidden />
          <span>
            {t('item.visits')}{t('common.colon')}<strong>{formatVisits(t, item.visitsRequired)}</strong>
          </span>
        </li>
      </ul>
      {!compact && (
        <div className="ow-item-foot">
          {matched.length > 0 ? (
            <span className="ow-item-matched">
              <TagsOutlined aria-hidden />{' '}
              {t('item.matchedIn', { fields: joinList(t, matched.map((m) => t(`matchedIn.${m}`, { defaultValue: m }))) })}
            </span>
          ) : (
            <span />
          )}
          <Link to={href} className="ow-item-more">
            {t('item.viewGuide')} <RightOutlined aria-hidden />
          </Link>
        </div>
      )}
    </article>
  );
}
