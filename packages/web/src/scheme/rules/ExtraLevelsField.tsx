import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Num } from '../fields';
import { extraLevels, newLevelCode, withExtraLevels, type ExtraLevel } from './levels';

/**
 * The rule's own levels beyond 国家级 … 县级 (省部级, 中央部委 …): a name and points each, and a button to add one. The
 * code behind a level is generated; a level without a name is flagged (records would show its code).
 */
export function ExtraLevelsField({
  levels,
  levelNames,
  onChange,
  testId,
}: {
  levels: Record<string, number> | undefined;
  levelNames: Record<string, string> | undefined;
  onChange: (next: { levels: Record<string, number>; levelNames?: Record<string, string> }) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  // a level code the product names (重大, 显著 …) reads by that name until the scheme gives its own
  const productName = (code: string) => (i18n.exists(`records.levels.${code}`) ? t(`records.levels.${code}`) : '');
  const extras = extraLevels(levels, levelNames).map((x) => ({ ...x, name: x.name || productName(x.code) }));
  const set = (next: ExtraLevel[]) => onChange(withExtraLevels(levels, levelNames, next));
  return (
    <Space direction="vertical" size={4} data-testid={testId}>
      {extras.map((x, i) => (
        <Space key={x.code} size={4}>
          <Input
            value={x.name}
            placeholder={t('rules.levelName')}
            onChange={(e) => set(extras.map((y, k) => (k === i ? { ...y, name: e.target.value } : y)))}
            status={x.name.trim() ? undefined : 'error'}
            style={{ width: 110 }}
            data-testid={`${testId}-name-${i}`}
          />
          <Num
            value={x.points}
            onChange={(v) => set(extras.map((y, k) => (k === i ? { ...y, points: v ?? 0 } : y)))}
            min={0}
            step={0.5}
            width={70}
            testId={`${testId}-points-${i}`}
          />
          <Button
            size="small"
            type="text"
            icon={<DeleteOutlined />}
            onClick={() => set(extras.filter((_, k) => k !== i))}
            aria-label={t('editor.tree.remove')}
          />
        </Space>
      ))}
      {extras.some((x) => !x.name.trim()) && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t('rules.levelNameRequired')}
        </Typography.Text>
      )}
      <Button
        size="small"
        type="dashed"
        icon={<PlusOutlined />}
        onClick={() => set([...extras, { code: newLevelCode(levels), name: '', points: 1 }])}
        data-testid={`${testId}-add`}
      >
        {t('rules.addLevel')}
      </Button>
    </Space>
  );
}
