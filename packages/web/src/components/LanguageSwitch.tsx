import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n';

/** Toggles between 简体中文 and English; the label names the language you switch to. */
export function LanguageSwitch({ compact = false, className }: { compact?: boolean; className?: string }) {
  const { t, i18n } = useTranslation();
  const isEn = i18n.language === 'en';
  const target = isEn ? 'zh-CN' : 'en';
  const label = compact ? t(isEn ? 'lang.short.zh' : 'lang.short.en') : t(isEn ? 'lang.zh' : 'lang.en');
  return (
    <Button
      type="text"
      className={className}
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      title={t('lang.label')}
      onClick={() => changeLanguage(target)}
    >
      {label}
    </Button>
  );
}
