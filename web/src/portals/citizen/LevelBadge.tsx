import { SafetyCertificateFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** "二级实名" in the colour of the level (2 blue-grey … 5 gold). */
export function LevelBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  const shown = Math.min(5, Math.max(2, level));
  return (
    <span className={`ow-level-badge ow-level-${shown}`}>
      <SafetyCertificateFilled aria-hidden /> {t(`account.levels.badge.${shown}`)}
    </span>
  );
}
