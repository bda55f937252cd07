import { Tag } from 'antd';
import type { ItemStatus } from '@onewindow/domain';
import { useTranslation } from 'react-i18next';
import type { VersionStatus } from '../../api/admin';

const ITEM_COLORS: Record<ItemStatus, string> = { draft: 'gold', published: 'green', withdrawn: 'red' };
const VERSION_COLORS: Record<VersionStatus, string> = { draft: 'gold', published: 'green', superseded: 'default' };

/** 草稿 / 已发布 / 已撤销 of an item. */
export function ItemStatusTag({ status }: { status: ItemStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={ITEM_COLORS[status]} variant="outlined" className="ow-status-tag">
      {t(`admin.status.${status}`)}
    </Tag>
  );
}

/** 草稿 / 已发布 / 已被取代 of one version. */
export function VersionStatusTag({ status }: { status: VersionStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={VERSION_COLORS[status]} variant="outlined" className="ow-status-tag">
      {t(`admin.versionStatus.${status}`)}
    </Tag>
  );
}
