import { Alert, Button, Card, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { AimOutlined, CheckCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { GroupBurden, SchemeIssue, ValidationReport } from '../api/types';

/** Errors and warnings of a validation report (click one to open the indicator) and the burden per group. */
export function ValidationPanel({
  report,
  loading,
  onRun,
  onJump,
  canJump,
}: {
  report: ValidationReport | null;
  loading: boolean;
  onRun: () => void;
  onJump: (issue: SchemeIssue) => void;
  canJump: (issue: SchemeIssue) => boolean;
}) {
  const { t } = useTranslation();
  const issueList = (items: SchemeIssue[], kind: 'error' | 'warning') => (
    <List<SchemeIssue>
      size="small"
      dataSource={items}
      data-testid={`validation-${kind}s`}
      locale={{ emptyText: kind === 'error' ? t('validation.ok') : t('validation.noWarnings') }}
      pagination={items.length > 30 ? { pageSize: 30, size: 'small' } : false}
      renderItem={(issue, i) => {
        const jump = canJump(issue);
        return (
          <List.Item
            className={jump ? 'ys-issue ys-issue-link' : 'ys-issue'}
            onClick={jump ? () => onJump(issue) : undefined}
            data-testid={`validation-${kind}-${i}`}
            actions={
              jump
                ? [
                    <Button key="jump" type="link" size="small" icon={<AimOutlined />}>
                      {t('validation.jump')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
              <Space size={6} wrap>
                <Tag color={kind === 'error' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
                  {issue.code ?? kind}
                </Tag>
                <span>{issue.message}</span>
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {issue.label ? `${issue.label} · ` : ''}
                <span className="ys-mono">{issue.path}</span>
              </Typography.Text>
            </Space>
          </List.Item>
        );
      }}
    />
  );

  return (
    <div data-testid="validation-panel">
      <div className="ys-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('validation.help')}</Typography.Text>
        <Button icon={<ReloadOutlined />} loading={loading} onClick={onRun} data-testid="validation-run">
          {t('validation.run')}
        </Button>
      </div>
      {!report ? (
        <Empty description={t('validation.notRun')} />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {report.errors.length === 0 && (
            <Alert type="success" showIcon icon={<CheckCircleOutlined />} title={t('validation.ok')} />
          )}
          <Card
            size="small"
            title={<span style={{ color: '#cf1322' }}>{t('validation.errors', { count: report.errors.length })}</span>}
          >
            {issueList(report.errors, 'error')}
          </Card>
          <Card
            size="small"
            title={
              <span style={{ color: '#d46b08' }}>{t('validation.warnings', { count: report.warnings.length })}</span>
            }
          >
            {issueList(report.warnings, 'warning')}
          </Card>
          {report.burden?.length > 0 && (
            <Card size="small" title={t('validation.burden')}>
              <Table<GroupBurden>
                size="small"
                rowKey="groupId"
                pagination={false}
                dataSource={report.burden}
                data-testid="validation-burden"
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: t('validation.burdenGroup'), dataIndex: 'groupName' },
                  { title: t('validation.burdenNodes'), dataIndex: 'nodeReports', align: 'right' },
                  { title: t('validation.burdenReports'), dataIndex: 'reports', align: 'right' },
                  { title: t('validation.burdenEvidence'), dataIndex: 'evidenceUploads', align: 'right' },
                  {
                    title: t('validation.burdenNote'),
                    dataIndex: 'message',
                    render: (m: string) => <span className="ys-muted">{m}</span>,
                  },
                ]}
              />
            </Card>
          )}
        </Space>
      )}
    </div>
  );
}
