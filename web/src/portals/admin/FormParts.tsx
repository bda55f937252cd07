/** Pieces of the workbench's long forms (the item form and its 在线申请设置). */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Head of one entry of a list (材料 2): its number, move up / down, remove. */
export function EntryHead({
  label, index, count, onMove, onRemove, removeLabel,
}: {
  label: ReactNode;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
  removeLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="ow-admin-entry-head">
      <span className="ow-admin-entry-no">{index + 1}</span>
      <strong>{label}</strong>
      <span className="ow-admin-entry-tools">
        <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={t('admin.form.moveUp')} />
        <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={t('admin.form.moveDown')} />
        <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={removeLabel} />
      </span>
    </div>
  );
}

