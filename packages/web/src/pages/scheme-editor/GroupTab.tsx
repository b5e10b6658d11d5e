import { App as AntApp, Card, Col, Drawer, Empty, Row, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { groupScale } from '@yardstick/engine/scale';
import { useTranslation } from 'react-i18next';
import { leafIndicators } from '../../scheme/flags';
import { BlockPanel, IndicatorPanel, type Option } from '../../scheme/IndicatorPanel';
import { IndicatorTree, blockOf, treeKeys } from '../../scheme/IndicatorTree';
import { PreviewBox } from '../../scheme/PreviewBox';
import {
  allIndicatorIds,
  getIndicator,
  groupBlocks,
  parseLocKey,
  unitTotals,
  type SchemeDocument,
} from '../../scheme/model';
import { editableBlocks } from './tree';
import type { TreeEditing } from './useTreeEditing';

/** One unit group's tab: its indicator tree, and the selected indicator's or block's form (a drawer on a phone). */
export function GroupTab({
  doc,
  gi,
  readOnly,
  isPhone,
  tree,
  mutate,
  departments,
  unitsOfGroup,
  assessorName,
  unitParamsExcel,
}: {
  doc: SchemeDocument;
  gi: number;
  readOnly: boolean;
  isPhone: boolean;
  tree: TreeEditing;
  mutate: (fn: (d: SchemeDocument) => void) => void;
  departments: Option[];
  unitsOfGroup: (code: string) => Option[];
  assessorName: (code: string) => string;
  unitParamsExcel?: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const g = doc.engine.groups[gi];
  if (!g) return null;
  const { selected, setSelected, collapsed, setCollapsed } = tree;
  const meta = doc.meta?.indicators ?? {};
  const blocks = groupBlocks(doc, gi);
  const key = selected[g.id] ?? null;
  const all = treeKeys(blocks, gi);
  const expanded = all.filter((k) => !collapsed.has(k));
  const selBlock = key ? blockOf(key) : null;
  const selLoc = key && !selBlock ? parseLocKey(key) : null;
  const ind = selLoc ? getIndicator(doc, selLoc) : undefined;
  const block = selBlock ? blocks[selBlock.block] : undefined;
  // The scheme's point scale, when declared: the totals line says 满分 1000 分, the preview what a score adds to the
  // composite (docs/scoring.md §2a).
  const scale = doc.engine.scale || g.scale ? groupScale(doc.engine, g) : null;
  const sums = unitTotals(blocks.flatMap((b) => b.indicators));
  const groupPoints = sums.common + (sums.feature?.[0] ?? 0);
  const previewScale =
    scale && groupPoints > 0
      ? { factor: (scale.weights.a * scale.indicators) / groupPoints, total: scale.total }
      : null;

  const panel = (
    <>
      {ind && selLoc ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card
            size="small"
            title={
              // on a phone the drawer's title already names it
              isPhone ? undefined : (
                <Space>
                  <span>{ind.name || ind.id}</span>
                  <Tag className="ys-mono">{ind.id}</Tag>
                </Space>
              )
            }
          >
            <IndicatorPanel
              preview={
                ind.children?.length ? undefined : (
                  <PreviewBox indicator={ind} meta={meta[ind.id]} scale={previewScale} />
                )
              }
              key={key ?? ''}
              indicator={ind}
              meta={meta[ind.id] ?? {}}
              readOnly={readOnly}
              departments={departments}
              groupUnits={unitsOfGroup(g.id)}
              groupLeaves={leafIndicators(blocks)}
              unitParamsExcel={unitParamsExcel}
              onChange={(fn) =>
                mutate((d) => {
                  const target = getIndicator(d, selLoc);
                  if (!target) return;
                  d.meta ??= {};
                  d.meta.indicators ??= {};
                  const m = (d.meta.indicators[target.id] ??= {});
                  fn(target, m);
                })
              }
              onRename={(newId) => {
                if (allIndicatorIds(doc).has(newId)) {
                  message.error(`${t('editor.fields.id')}: ${newId}`);
                  return;
                }
                mutate((d) => {
                  const target = getIndicator(d, selLoc);
                  if (!target) return;
                  const m = d.meta?.indicators?.[target.id];
                  if (m && d.meta?.indicators) {
                    delete d.meta.indicators[target.id];
                    d.meta.indicators[newId] = m;
                  }
                  target.id = newId;
                });
              }}
            />
          </Card>
        </Space>
      ) : block && selBlock ? (
        <Card size="small" title={t('editor.block.title')}>
          <BlockPanel
            block={block}
            weight={g.blocks ? block.weight : (g.blockWeights?.[block.id] ?? block.weight)}
            readOnly={readOnly}
            onChange={(patch) =>
              mutate((d) => {
                const b = editableBlocks(d, gi)[selBlock.block];
                if (b) Object.assign(b, patch);
              })
            }
          />
        </Card>
      ) : (
        <Card size="small">
          <Empty description={t('editor.select')} />
        </Card>
      )}
    </>
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10} xxl={9}>
        <Card size="small" className="ys-tree-card">
          <IndicatorTree
            blocks={blocks}
            groupIndex={gi}
            meta={meta}
            selected={key}
            expanded={expanded}
            onExpand={(keys) => setCollapsed(new Set(all.filter((k) => !keys.includes(k))))}
            onSelect={(k) => setSelected((m) => ({ ...m, [g.id]: k }))}
            readOnly={readOnly}
            assessorName={assessorName}
            onAddBlock={tree.addBlock}
            onAddIndicator={tree.addIndicator}
            onAddChild={tree.addChild}
            onMove={tree.move}
            onDrop={tree.drop}
            onRemove={tree.remove}
            scale={scale}
            header={
              !g.blocks && doc.engine.blocks?.length ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('editor.tree.sharedNote')}
                </Typography.Text>
              ) : null
            }
          />
        </Card>
      </Col>
      {isPhone ? (
        // on a phone the tree fills the screen; the selected indicator opens over it
        <Drawer
          open={key !== null}
          onClose={() => setSelected((m) => ({ ...m, [g.id]: null }))}
          placement="bottom"
          size="88%"
          title={ind ? ind.name || ind.id : block ? block.name || block.id : ''}
          styles={{ body: { padding: 8 } }}
        >
          {panel}
        </Drawer>
      ) : (
        <Col xs={24} lg={14} xxl={15}>
          {panel}
        </Col>
      )}
    </Row>
  );
}
