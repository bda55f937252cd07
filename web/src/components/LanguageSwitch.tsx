import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, setLanguage, type Language } from '../i18n';

/** 中文 / English switch of the header; remembered in localStorage. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const items: MenuProps['items'] = LANGUAGES.map((l) => ({ key: l, label: t(`lang.${l}`) }));
  return (
    <Dropdown
      trigger={['click']}
      menu={{ items, selectable: true, selectedKeys: [lang], onClick: ({ key }) => void setLanguage(key as Language) }}
    >
      <Button type="text" className="ow-header-btn" icon={<GlobalOutlined />} aria-label={t('nav.language')}>
        {compact ? t(`lang.short.${lang}`) : t(`lang.${lang}`)}
      </Button>
    </Dropdown>
  );
}
