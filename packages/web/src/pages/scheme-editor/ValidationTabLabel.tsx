import { Badge } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ValidationReport } from '../../api/types';

/** The validation tab's title: a red count of errors (or a green tick), an orange count of warnings. */
export function ValidationTabLabel({ report }: { report: ValidationReport | null }) {
  const { t } = useTranslation();
  const errorsCount = report?.errors.length ?? 0;
  const warningsCount = report?.warnings.length ?? 0;
  return (
    <span data-testid="scheme-tab-validation">
      {t('editor.validationTab')}{' '}
      {report &&
        (errorsCount > 0 ? (
          <Badge count={errorsCount} overflowCount={999} />
        ) : (
          <CheckCircleOutlined style={{ color: '#389e0d' }} />
        ))}
      {report && warningsCount > 0 && (
        <Badge count={warningsCount} overflowCount={999} color="orange" style={{ marginInlineStart: 4 }} />
      )}
    </span>
  );
}
