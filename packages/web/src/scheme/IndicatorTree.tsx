import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Empty, Input, Popconfirm, Space, Tag, Tooltip, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  FolderAddOutlined,
  PlusOutlined,
  SubnodeOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  countLeaves,
  locKey,
  sumPoints,
  unitTotals,
  type Block,
  type Indicator,
  type IndicatorMeta,
  type Loc,
} from './model';
import type { ResolvedScale } from '@yardstick/engine/scale';

export const blockKey = (g: number, b: number) => `b:${g}:${b}`;

function blockOf(key: string): { group: number; block: number } | null {
  const m = /^b:(\d+):(\d+)$/.exec(key);
  return m ? { group: Number(m[1]), block: Number(m[2]) } : null;
}

export function isBlockKey(key: string | null | undefined): boolean {
  return !!key && key.startsWith('b:');
}

export { blockOf };

function allKeys(nodes: TreeDataNode[]): string[] {
  return nodes.flatMap((n) => (n.children?.length ? [String(n.key), ...allKeys(n.children)] : []));
}

/** Every key of a group's tree (blocks and indicators with children), for "expand all". */
export function treeKeys(blocks: Block[], g: number): string[] {
  const out: string[] = [];
  const walk = (list: Indicator[], b: number, prefix: number[]) =>
    list.forEach((ind, i) => {
      if (ind.children?.length) {
        out.push(locKey({ group: g, block: b, path: [...prefix, i] }));
        walk(ind.children, b, [...prefix, i]);
      }
    });
  blocks.forEach((blk, b) => {
    out.push(blockKey(g, b));
    walk(blk.indicators, b, []);
  });
  return out;
}

/** Block → indicator → sub-indicator tree of one group, with points, method, assessor, key/routine and category. */
export function IndicatorTree({
  blocks,
  groupIndex,
  meta,
  selected,
  expanded,
  onExpand,
  onSelect,
  readOnly,
  assessorName,
  onAddBlock,
  onAddIndicator,
  onAddChild,
  onMove,
  onDrop,
  onRemove,
  scale = null,
  header,
}: {
  blocks: Block[];
  groupIndex: number;
  meta: Record<string, IndicatorMeta>;
  selected: string | null;
  expanded: string[];
  onExpand: (keys: string[]) => void;
  onSelect: (key: string | null) => void;
  readOnly: boolean;
  assessorName: (code: string) => string;
  onAddBlock: () => void;
  onAddIndicator: () => void;
  onAddChild: () => void;
  onMove: (delta: -1 | 1) => void;
  /** Drag and drop: put indicator `from` before / after indicator `to`, or first into block or parent `to`. */
  onDrop?: (from: string, to: string, where: 'before' | 'after' | 'inside') => void;
  onRemove: () => void;
  /** The group's point scale when the scheme or the group declares one (the totals line says 满分 1000 分). */
  scale?: ResolvedScale | null;
  header?: ReactNode;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const box = useRef<HTMLDivElement>(null);
  // keep the selected node in view (a new indicator lands at the end of its block; a validation jump anywhere)
  useEffect(() => {
    const el = box.current?.querySelector('.ant-tree-treenode-selected');
    el?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const title = (ind: Indicator): ReactNode => {
    const m = meta[ind.id];
    const parent = !!ind.children?.length;
    const points = parent ? sumPoints(ind.children ?? []) : ind.points;
    return (
      <span className="ys-tree-node" data-testid={`tree-node-${ind.id}`}>
        <span className="ys-tree-name">{ind.name || ind.id}</span>
        <span className="ys-tree-tags">
          <Tag color="blue">{t('editor.tree.points', { points })}</Tag>
          {!parent && ind.method && <Tag>{t(`method.kinds.${ind.method.kind}`)}</Tag>}
          <Tag color={ind.key ? 'red' : 'default'} variant={ind.key ? 'solid' : 'outlined'}>
            {ind.key ? t('editor.tree.key') : t('editor.tree.routine')}
          </Tag>
          {m?.category && <Tag color="geekblue">{t(`editor.category.${m.category}`)}</Tag>}
          {ind.appliesTo?.length ? <Tag color="purple">{t('editor.tree.feature')}</Tag> : null}
          {ind.assessorId && <span className="ys-tree-assessor">{assessorName(ind.assessorId)}</span>}
        </span>
      </span>
    );
  };

  const needle = q.trim().toLowerCase();
  const matches = (ind: Indicator): boolean =>
    !needle ||
    (ind.name ?? '').toLowerCase().includes(needle) ||
    ind.id.toLowerCase().includes(needle) ||
    (ind.children ?? []).some(matches);

  // keys keep the indicators' real positions, so a filtered tree still selects the right one
  const nodes = (list: Indicator[], b: number, prefix: number[]): TreeDataNode[] =>
    list.flatMap((ind, i) => {
      if (!matches(ind)) return [];
      const loc: Loc = { group: groupIndex, block: b, path: [...prefix, i] };
      return [
        {
          key: locKey(loc),
          title: title(ind),
          ...(ind.children?.length ? { children: nodes(ind.children, b, [...prefix, i]) } : { isLeaf: true }),
        },
      ];
    });

  const data: TreeDataNode[] = blocks.flatMap((blk, b) =>
    needle && !blk.indicators.some(matches) ? [] : [blockNode(blk, b)],
  );
  function blockNode(blk: Block, b: number): TreeDataNode {
    return {
      key: blockKey(groupIndex, b),
      title: (
        <span className="ys-tree-node ys-tree-block" data-testid={`tree-block-${blk.id}`}>
          <span className="ys-tree-name">{blk.name || blk.id}</span>
          <span className="ys-tree-tags">
            <Tag color="blue">{blockPointsLabel(blk, t)}</Tag>
            <span className="ys-muted" style={{ fontSize: 12 }}>
              {t('editor.tree.count', { count: countLeaves(blk.indicators) })}
            </span>
          </span>
        </span>
      ),
      children: nodes(blk.indicators, b, []),
    };
  }

  const leaves = blocks.reduce((s, b) => s + countLeaves(b.indicators), 0);
  const totals = unitTotals(blocks.flatMap((b) => b.indicators));
  const feature = totals.feature;
  const total =
    feature === null
      ? t('editor.tree.total', { points: totals.common, count: leaves })
      : t('editor.tree.totalFeature', {
          common: totals.common,
          feature: feature[0] === feature[1] ? String(feature[0]) : `${feature[0]}–${feature[1]}`,
          points:
            feature[0] === feature[1]
              ? String(totals.common + feature[0])
              : `${totals.common + feature[0]}–${totals.common + feature[1]}`,
          count: leaves,
        });
  // docs/scoring.md §2a: on a points scale every unit's indicator points must add up to the scale's indicator points.
  const scaleText =
    scale === null
      ? null
      : scale.mode === 'normalised'
        ? t('editor.tree.scaleNormalised', { total: scale.total })
        : scale.weights.b > 0
          ? t('editor.tree.scalePoints', {
              total: scale.total,
              indicators: scale.indicators,
              evaluation: scale.evaluation,
            })
          : t('editor.tree.scalePointsOnly', { total: scale.total });
  const unitSums = feature === null ? [totals.common] : [totals.common + feature[0], totals.common + feature[1]];
  const scaleMismatch =
    scale !== null &&
    scale.mode === 'points' &&
    leaves > 0 &&
    unitSums.some((x) => Math.abs(x - scale.indicators) > 1e-9);
  const hasSel = selected !== null;
  const selIsIndicator = hasSel && !isBlockKey(selected);

  return (
    <div data-testid="indicator-tree" ref={box}>
      {header}
      {!readOnly && (
        <div className="ys-tree-toolbar">
          <Space size={4} wrap>
            <Button size="small" icon={<FolderAddOutlined />} onClick={onAddBlock} data-testid="tree-add-block">
              {t('editor.tree.addBlock')}
            </Button>
            <Button
              size="small"
              type="primary"
              icon={<PlusOutlined />}
              onClick={onAddIndicator}
              disabled={blocks.length === 0}
              data-testid="tree-add-indicator"
            >
              {t('editor.tree.addIndicator')}
            </Button>
            <Button
              size="small"
              icon={<SubnodeOutlined />}
              onClick={onAddChild}
              disabled={!selIsIndicator}
              data-testid="tree-add-child"
            >
              {t('editor.tree.addChild')}
            </Button>
            <Tooltip title={t('editor.tree.up')}>
              <Button
                size="small"
                icon={<ArrowUpOutlined />}
                onClick={() => onMove(-1)}
                disabled={!hasSel}
                aria-label={t('editor.tree.up')}
                data-testid="tree-up"
              />
            </Tooltip>
            <Tooltip title={t('editor.tree.down')}>
              <Button
                size="small"
                icon={<ArrowDownOutlined />}
                onClick={() => onMove(1)}
                disabled={!hasSel}
                aria-label={t('editor.tree.down')}
                data-testid="tree-down"
              />
            </Tooltip>
            <Popconfirm
              title={t('editor.tree.removeConfirm', { name: '' })}
              onConfirm={onRemove}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              disabled={!hasSel}
            >
              <Button size="small" danger icon={<DeleteOutlined />} disabled={!hasSel} data-testid="tree-remove">
                {t('editor.tree.remove')}
              </Button>
            </Popconfirm>
          </Space>
        </div>
      )}
      <Input.Search
        allowClear
        size="small"
        placeholder={t('editor.tree.search')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        style={{ margin: '8px 0 0' }}
        data-testid="tree-search"
      />
      <Typography.Text
        type="secondary"
        style={{ fontSize: 12, display: 'block', margin: '4px 0 8px' }}
        data-testid="tree-total"
      >
        {total}
        {scaleText && ` · ${scaleText}`}
        {scaleMismatch && scale && (
          <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="tree-scale-mismatch">
            {` · ${t('editor.tree.scaleMismatch', { indicators: scale.indicators })}`}
          </Typography.Text>
        )}
      </Typography.Text>
      {blocks.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.tree.empty')} />
      ) : (
        <Tree
          blockNode
          showLine
          treeData={data}
          selectedKeys={selected ? [selected] : []}
          expandedKeys={needle ? allKeys(data) : expanded}
          onExpand={(keys) => onExpand(keys.map(String))}
          onSelect={(keys) => onSelect(keys.length ? String(keys[0]) : null)}
          draggable={
            readOnly || needle || !onDrop ? false : { icon: false, nodeDraggable: (n) => !isBlockKey(String(n.key)) }
          }
          allowDrop={({ dropNode, dropPosition }) =>
            // into a block or a parent indicator, or beside an indicator; never beside a block
            dropPosition === 0
              ? isBlockKey(String(dropNode.key)) || !dropNode.isLeaf
              : !isBlockKey(String(dropNode.key))
          }
          onDrop={(info) => {
            const rel = info.dropPosition - Number(String(info.node.pos).split('-').pop());
            const where = !info.dropToGap ? 'inside' : rel < 0 ? 'before' : 'after';
            onDrop?.(String(info.dragNode.key), String(info.node.key), where);
          }}
          className="ys-tree"
        />
      )}
    </div>
  );
}

/** A block's points as a unit sees them: its weight, or its common points plus each unit's own feature points. */
function blockPointsLabel(blk: Block, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (blk.weight !== undefined) return t('editor.tree.points', { points: blk.weight });
  const { common, feature } = unitTotals(blk.indicators);
  if (feature === null) return t('editor.tree.points', { points: common });
  const f = feature[0] === feature[1] ? String(feature[0]) : `${feature[0]}–${feature[1]}`;
  return common > 0
    ? t('editor.tree.pointsFeature', { common, feature: f })
    : t('editor.tree.pointsFeatureOnly', { feature: f });
}
