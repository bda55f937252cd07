import { SearchOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { searchHref } from '../lib/searchParams';
import { useMedia } from '../lib/useMedia';

interface Props {
  /** the query shown (e.g. from the URL); the box follows it when it changes */
  value?: string;
  /** default: go to /search?q=… */
  onSearch?: (q: string) => void;
  size?: 'large' | 'middle';
  autoFocus?: boolean;
  className?: string;
}

/** The portal's search box: a real <form role="search">, so Enter and the button behave the same. */
export function SearchBox({ value = '', onSearch, size = 'large', autoFocus, className }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState(value);
  const id = useId();
  const narrow = useMedia('(max-width: 575.98px)');
  useEffect(() => setText(value), [value]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    if (onSearch) onSearch(q);
    else navigate(searchHref({ q }));
  };

  return (
    <form role="search" className={`ow-search ${className ?? ''}`} onSubmit={submit}>
      <label htmlFor={id} className="ow-visually-hidden">
        {t('search.placeholderShort')}
      </label>
      <Input
        id={id}
        size={size}
        value={text}
        maxLength={100}
        allowClear
        autoFocus={autoFocus}
        autoComplete="off"
        enterKeyHint="search"
        prefix={<SearchOutlined className="ow-search-icon" aria-hidden />}
        placeholder={narrow ? t('search.placeholderMobile') : t('search.placeholder')}
        onChange={(e) => setText(e.target.value)}
        className="ow-search-input"
      />
      <Button type="primary" htmlType="submit" size={size} className="ow-search-btn">
        {t('search.button')}
      </Button>
    </form>
  );
}
