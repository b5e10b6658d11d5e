import { useState } from 'react';
import { Alert, Badge, Button, Card, Empty, Grid, Result, Space, Spin, Tabs, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { errorMessage } from '../components/errors';
import { ExcelButtons } from '../components/ExcelButtons';
import { RulesPanel } from '../scheme/RulesPanel';
import { ReviewPanel } from '../scheme/ReviewPanel';
import { GroupsControl } from '../scheme/GroupsControl';
import { ValidationPanel } from '../scheme/ValidationPanel';
import { GROUP_ORDER, locFromPath } from '../scheme/model';
import { ForbiddenPage } from './ForbiddenPage';
import { EditorHeader } from './scheme-editor/EditorHeader';
import { GroupTab } from './scheme-editor/GroupTab';
import { HistoryDrawer } from './scheme-editor/HistoryDrawer';
import { groupOfPath } from './scheme-editor/tree';
import { useReferenceData } from './scheme-editor/useReferenceData';
import { useSchemeDocument } from './scheme-editor/useSchemeDocument';
import { useTreeEditing } from './scheme-editor/useTreeEditing';
import { ValidationTabLabel } from './scheme-editor/ValidationTabLabel';

/**
 * 方案编辑: one scheme version, a tab per unit group (indicator tree + form), the rules, last year's full-mark
 * review and the validation report. The parts live in `./scheme-editor/`: the document and its server actions
 * (`useSchemeDocument`), the tree edits (`useTreeEditing`), the county's groups and units (`useReferenceData`),
 * the header, a group's tab and the history drawer.
 */
export default function SchemeEditorPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // phones view the scheme; the Excel buttons would crowd the group tabs out
  const isPhone = Grid.useBreakpoint().md === false;
  const state = useSchemeDocument();
  const { detail, versionQuery, versionNo, doc, dirty, readOnly, canWrite, tab, setTab, report, busy, mutate } = state;
  const refs = useReferenceData();
  const tree = useTreeEditing({ doc, mutate, tab, setTab });
  const [historyOpen, setHistoryOpen] = useState(false);

  if (detail.isError && isApiError(detail.error) && detail.error.code === 'FORBIDDEN') return <ForbiddenPage />;
  if (detail.isError || versionQuery.isError) {
    return (
      <Result
        status="warning"
        title={t('errors.loadFailed')}
        subTitle={errorMessage(detail.error ?? versionQuery.error, t)}
        extra={<Button onClick={() => navigate('/schemes')}>{t('editor.back')}</Button>}
      />
    );
  }
  if (!detail.data || !doc || !versionQuery.data) {
    return (
      <div className="ys-fullscreen-center" style={{ minHeight: 320 }}>
        {versionNo === null && detail.data ? <Empty description={t('schemes.status.none')} /> : <Spin size="large" />}
      </div>
    );
  }

  const s = detail.data;
  const orderedGroups = doc.engine.groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => {
      const ia = GROUP_ORDER.indexOf(a.g.id);
      const ib = GROUP_ORDER.indexOf(b.g.id);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.i - b.i;
    });

  return (
    <div data-testid="scheme-editor">
      <EditorHeader scheme={s} state={state} onHistory={() => setHistoryOpen(true)} />
      {readOnly ? (
        <Alert
          type="info"
          showIcon
          title={canWrite ? t('editor.readOnly') : t('editor.readOnlyNoWrite')}
          style={{ marginBottom: 12 }}
          data-testid="scheme-readonly"
        />
      ) : (
        dirty && <Alert type="warning" showIcon title={t('editor.unsaved')} style={{ marginBottom: 12 }} banner />
      )}
      <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          data-testid="scheme-tabs"
          tabBarExtraContent={
            isPhone ? null : (
              <Space size={8}>
                {!readOnly && (
                  <GroupsControl
                    doc={doc}
                    activeGroup={doc.engine.groups.some((g) => g.id === tab) ? tab : null}
                    county={refs.countyGroups}
                    size="small"
                    update={mutate}
                    onAdded={setTab}
                    onRemoved={() => setTab('')}
                  />
                )}
                {/* the indicators' workbook beside the group tabs; the rules tab offers its own */}
                {tab !== 'rules' && tab !== 'review' && (
                  <ExcelButtons
                    kind="indicators"
                    year={s.year}
                    canWrite={canWrite && s.draftVersion != null}
                    size="small"
                    // an import reloads the draft from the server: unsaved edits would be lost
                    importBlocked={dirty ? t('editor.saveBeforeImport') : undefined}
                    onImported={() => void state.reloadVersion()}
                  />
                )}
              </Space>
            )
          }
          items={[
            ...orderedGroups.map(({ g, i }) => ({
              key: g.id,
              label: <span data-testid={`scheme-tab-${g.id}`}>{g.name ?? refs.groupName(g.id)}</span>,
              children: (
                <GroupTab
                  doc={doc}
                  gi={i}
                  readOnly={readOnly}
                  isPhone={isPhone}
                  tree={tree}
                  mutate={mutate}
                  departments={refs.departments}
                  unitsOfGroup={refs.unitsOfGroup}
                  assessorName={refs.assessorName}
                  unitParamsExcel={
                    // every indicator's unit parameters at once: the export is the grid to fill in
                    <ExcelButtons
                      kind="unitparams"
                      year={s.year}
                      canWrite={canWrite && s.draftVersion != null}
                      size="small"
                      template={false}
                      // an import reloads the draft from the server: unsaved edits would be lost
                      importBlocked={dirty ? t('editor.saveBeforeImport') : undefined}
                      onImported={() => void state.reloadVersion()}
                    />
                  }
                />
              ),
            })),
            {
              key: 'rules',
              label: <span data-testid="scheme-tab-rules">{t('editor.rulesTab')}</span>,
              children: (
                <>
                  <Space size={8} wrap style={{ marginBottom: 8 }} data-testid="rules-excel">
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('editor.rulesExcel')}
                    </Typography.Text>
                    <ExcelButtons
                      kind="rules"
                      year={s.year}
                      canWrite={canWrite && s.draftVersion != null}
                      size="small"
                      template={false}
                      importBlocked={dirty ? t('editor.saveBeforeImport') : undefined}
                      onImported={() => void state.reloadVersion()}
                    />
                  </Space>
                  <RulesPanel
                    engine={doc.engine}
                    readOnly={readOnly}
                    groupName={refs.groupName}
                    departments={refs.departments}
                    unitsOfGroup={refs.unitsOfGroup}
                    update={(fn) => mutate((d) => fn(d.engine))}
                  />
                </>
              ),
            },
            ...(doc.meta?.review && doc.meta.review.items.length > 0
              ? [
                  {
                    key: 'review',
                    label: (
                      <span data-testid="scheme-tab-review">
                        {t('editor.review.tab')}{' '}
                        <Badge
                          count={doc.meta.review.items.filter((i) => !i.decision).length}
                          color="orange"
                          overflowCount={999}
                        />
                      </span>
                    ),
                    children: (
                      <ReviewPanel
                        review={doc.meta.review}
                        groupName={refs.groupName}
                        readOnly={readOnly || dirty}
                        busy={busy === 'save'}
                        onDecide={(decisions) => void state.decideReview(decisions)}
                      />
                    ),
                  },
                ]
              : []),
            {
              key: 'validation',
              label: <ValidationTabLabel report={report} />,
              children: (
                <ValidationPanel
                  report={report}
                  loading={busy === 'validate' || busy === 'save'}
                  onRun={() => void state.validate()}
                  onJump={tree.jump}
                  canJump={(issue) => !!locFromPath(doc, issue.path) || groupOfPath(issue.path) !== null}
                />
              ),
            },
          ]}
        />
      </Card>
      <HistoryDrawer
        scheme={s}
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        versionNo={versionNo}
        onOpenVersion={state.openVersion}
        isPhone={isPhone}
      />
    </div>
  );
}
