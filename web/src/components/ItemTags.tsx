import { Tag } from 'antd';
import type { HandlingType, ItemType, OnlineDepth } from '@onewindow/domain';
import { useTranslation } from 'react-i18next';
import { codeLabel, formatVisits } from '../lib/format';

interface Props {
  itemType: ItemType;
  onlineDepth: OnlineDepth;
  handlingType?: HandlingType;
  visitsRequired?: number;
  /** show the handling type (即办件/承诺件) and the visits tag */
  full?: boolean;
}

/** Item type, online depth (全程网办 stands out), and optionally 即办件/承诺件 and 0次跑. */
export function ItemTags({ itemType, onlineDepth, handlingType, visitsRequired, full = false }: Props) {
  const { t } = useTranslation();
  return (
    <span className="ow-tags">
      <Tag color="blue" variant="outlined">
        {codeLabel(t, 'itemType', itemType)}
      </Tag>
      {full && handlingType && handlingType !== '9' && (
        <Tag color={handlingType === '1' ? 'cyan' : 'geekblue'} variant="outlined">
          {codeLabel(t, 'handlingType', handlingType)}
        </Tag>
      )}
      {onlineDepth === '4' ? (
        <Tag color="green" variant="solid">
          {codeLabel(t, 'onlineDepthShort', onlineDepth)}
        </Tag>
      ) : (
        Number(onlineDepth) > 1 && (
          <Tag color="default" variant="outlined">
            {codeLabel(t, 'onlineDepthShort', onlineDepth)}
          </Tag>
        )
      )}
      {full && visitsRequired !== undefined && (
        <Tag color={visitsRequired === 0 ? 'red' : 'orange'} variant="outlined">
          {formatVisits(t, visitsRequired)}
        </Tag>
      )}
    </span>
  );
}
