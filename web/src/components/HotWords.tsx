import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { searchHref } from '../lib/searchParams';

interface HotWord {
  q: string;
  label: string;
}

export function HotWords({ tone = 'light' }: { tone?: 'light' | 'dark' }) {
  const { t } = useTranslation();
  const words = t('search.hotWords', { returnObjects: true }) as unknown as HotWord[];
  return (
    <div className={`ow-hot ow-hot-${tone}`}>
      <span className="ow-hot-label">{t('search.hot')}</span>
      {Array.isArray(words) &&
        words.map((w) => (
          <Link key={w.q} to={searchHref({ q: w.q })} className="ow-hot-word">
            {w.label}
          </Link>
        ))}
    </div>
  );
}
