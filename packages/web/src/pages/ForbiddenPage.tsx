import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/session';

export function ForbiddenPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session, can } = useSession();
  const role = session ? t(`roles.${session.user.role}`) : '';
  return (
    <div data-testid="forbidden-result">
      <Result
        status="403"
        title={t('forbidden.title')}
        subTitle={t('forbidden.subTitle', { role })}
        extra={
          can('overview:read') ? (
            <Button type="primary" onClick={() => navigate('/')}>
              {t('common.backHome')}
            </Button>
          ) : null
        }
      />
    </div>
  );
}
