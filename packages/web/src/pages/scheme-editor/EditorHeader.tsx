import { App as AntApp, Badge, Button, Select, Space } from 'antd';
import {
  ArrowLeftOutlined,
  BranchesOutlined,
  DiffOutlined,
  HistoryOutlined,
  SafetyCertificateOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SchemeDetail } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { SchemeStatusTags } from '../SchemesPage';
import type { SchemeDocumentState } from './useSchemeDocument';

/** The editor's header: year and name with status, the version picker, and the actions the user may take. */
export function EditorHeader({
  scheme: s,
  state,
  onHistory,
}: {
  scheme: SchemeDetail;
  state: SchemeDocumentState;
  onHistory: () => void;
}) {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const navigate = useNavigate();
  const { versionNo, dirty, readOnly, canWrite, busy } = state;
  const versionOptions = [...s.versions]
    .sort((a, b) => b.no - a.no)
    .map((v) => ({
      value: v.no,
      label: t('editor.versionOption', { n: v.no, status: t(`schemes.versionStatus.${v.status}`) }),
    }));
  return (
    <PageHeader
      title={
        <Space wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/schemes')}
            aria-label={t('editor.back')}
          />
          <span>
            {s.year} · {s.name}
          </span>
          <SchemeStatusTags s={s} />
        </Space>
      }
      extra={
        <Space wrap>
          <Select
            value={versionNo}
            options={versionOptions}
            onChange={(v: number) => {
              const go = () => state.openVersion(v);
              // another version replaces the local copy: unsaved edits would be lost
              if (dirty)
                modal.confirm({
                  title: t('editor.leaveConfirm'),
                  okText: t('common.confirm'),
                  cancelText: t('common.cancel'),
                  onOk: go,
                });
              else go();
            }}
            style={{ width: 150 }}
            data-testid="scheme-version"
            aria-label={t('editor.version')}
          />
          <Button icon={<HistoryOutlined />} onClick={onHistory} data-testid="scheme-history">
            {t('editor.history')}
          </Button>
          <Button icon={<DiffOutlined />} onClick={state.openDiff} data-testid="scheme-open-diff">
            {t('schemes.diff')}
          </Button>
          <Button
            icon={<SafetyCertificateOutlined />}
            onClick={() => void state.validate()}
            loading={busy === 'validate'}
            data-testid="scheme-validate"
          >
            {t('editor.validate')}
          </Button>
          {!readOnly && (
            <>
              <Badge dot={dirty} offset={[-4, 4]}>
                <Button
                  icon={<SaveOutlined />}
                  onClick={() => void state.save()}
                  loading={busy === 'save'}
                  disabled={!dirty}
                  data-testid="scheme-save"
                >
                  {t('editor.save')}
                </Button>
              </Badge>
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={state.publish}
                loading={busy === 'publish'}
                data-testid="scheme-publish"
              >
                {t('editor.publish')}
              </Button>
            </>
          )}
          {canWrite && s.draftVersion == null && s.publishedVersion != null && (
            <Button
              type="primary"
              icon={<BranchesOutlined />}
              onClick={state.newVersion}
              loading={busy === 'newVersion'}
              data-testid="scheme-new-version"
            >
              {t('editor.newVersion')}
            </Button>
          )}
        </Space>
      }
    />
  );
}
