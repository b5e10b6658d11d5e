import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchemeIssue } from '../../api/types';
import { blockKey, blockOf, isBlockKey } from '../../scheme/IndicatorTree';
import {
  allIndicatorIds,
  defaultMethod,
  findById,
  getIndicator,
  groupBlocks,
  locFromPath,
  locKey,
  parentList,
  parseLocKey,
  uniqueId,
  type Indicator,
  type SchemeDocument,
} from '../../scheme/model';
import { collectIds, editableBlocks, findHolder, groupOfPath, swap } from './tree';

/**
 * The indicator trees of the group tabs: which node each tab has selected, which nodes are collapsed, and the
 * edits (add a block, an indicator or a sub-indicator, move, drag and drop, remove), plus jumping to the place a
 * validation issue names.
 */
export function useTreeEditing({
  doc,
  mutate,
  tab,
  setTab,
}: {
  doc: SchemeDocument | null;
  mutate: (fn: (d: SchemeDocument) => void) => void;
  tab: string;
  setTab: (tab: string) => void;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<Record<string, string | null>>({});
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());

  const gIndex = doc ? doc.engine.groups.findIndex((g) => g.id === tab) : -1;
  const sel = gIndex >= 0 ? (selected[tab] ?? null) : null;
  const select = (key: string | null) => setSelected((s) => ({ ...s, [tab]: key }));

  const newIndicator = (d: SchemeDocument, points = 5): Indicator => ({
    id: uniqueId(allIndicatorIds(d), 'ind'),
    name: t('editor.tree.newIndicator'),
    points,
    method: defaultMethod('ratio'),
    key: false,
  });

  const addBlock = () => {
    if (!doc || gIndex < 0) return;
    const blocks = groupBlocks(doc, gIndex);
    const taken = new Set(blocks.map((b) => b.id));
    let n = blocks.length + 1;
    while (taken.has(`block${n}`)) n++;
    mutate((d) => editableBlocks(d, gIndex).push({ id: `block${n}`, name: t('editor.tree.newBlock'), indicators: [] }));
    select(blockKey(gIndex, blocks.length));
  };

  const addIndicator = () => {
    if (!doc || gIndex < 0) return;
    let key: string | null = null;
    mutate((d) => {
      const blocks = editableBlocks(d, gIndex);
      const ind = newIndicator(d);
      const b = sel ? blockOf(sel) : null;
      const target = b ? blocks[b.block] : undefined;
      if (b && target) {
        target.indicators.push(ind);
        key = locKey({ group: gIndex, block: b.block, path: [target.indicators.length - 1] });
      } else if (sel) {
        const loc = parseLocKey(sel);
        const p = parentList(d, loc);
        if (!p) return;
        p.list.splice(p.index + 1, 0, ind);
        key = locKey({ ...loc, path: [...loc.path.slice(0, -1), p.index + 1] });
      } else {
        const last = blocks.length - 1;
        const lastBlock = blocks[last];
        if (!lastBlock) return;
        lastBlock.indicators.push(ind);
        key = locKey({ group: gIndex, block: last, path: [lastBlock.indicators.length - 1] });
      }
    });
    if (key) select(key);
  };

  const addChild = () => {
    if (!doc || !sel || isBlockKey(sel)) return;
    const loc = parseLocKey(sel);
    let key: string | null = null;
    mutate((d) => {
      const parent = getIndicator(d, loc);
      if (!parent) return;
      const first = !parent.children?.length;
      const child = newIndicator(d, first ? parent.points : 0);
      if (first && parent.method) child.method = parent.method;
      delete parent.method;
      parent.children = [...(parent.children ?? []), child];
      key = locKey({ ...loc, path: [...loc.path, parent.children.length - 1] });
    });
    setCollapsed((c) => {
      const n = new Set(c);
      n.delete(sel);
      return n;
    });
    if (key) select(key);
  };

  const move = (delta: -1 | 1) => {
    if (!doc || !sel) return;
    const b = blockOf(sel);
    if (b) {
      const blocks = groupBlocks(doc, gIndex);
      const j = b.block + delta;
      if (j < 0 || j >= blocks.length) return;
      mutate((d) => {
        const list = editableBlocks(d, gIndex);
        swap(list, b.block, j);
      });
      select(blockKey(gIndex, j));
      return;
    }
    const loc = parseLocKey(sel);
    const p = parentList(doc, loc);
    if (!p) return;
    const j = p.index + delta;
    if (j < 0 || j >= p.list.length) return;
    mutate((d) => {
      const q = parentList(d, loc);
      if (q) swap(q.list, q.index, j);
    });
    select(locKey({ ...loc, path: [...loc.path.slice(0, -1), j] }));
  };

  const drop = (from: string, to: string, where: 'before' | 'after' | 'inside') => {
    if (!doc || isBlockKey(from) || from === to) return;
    const fromLoc = parseLocKey(from);
    const moving = getIndicator(doc, fromLoc);
    if (!moving) return;
    // not into itself or one of its own sub-indicators
    if (!isBlockKey(to) && to.startsWith(from + '/')) return;
    let newKey: string | null = null;
    mutate((d) => {
      const src = parentList(d, fromLoc);
      const toBlock = blockOf(to);
      const target = toBlock ? undefined : getIndicator(d, parseLocKey(to));
      if (!src || (!toBlock && !target)) return;
      const [item] = src.list.splice(src.index, 1);
      if (!item) return;
      const blocks = editableBlocks(d, gIndex);
      if (toBlock) {
        blocks[toBlock.block]?.indicators.unshift(item);
      } else if (target && where === 'inside') {
        (target.children ??= []).unshift(item);
      } else if (target) {
        const holder = findHolder(blocks, target);
        if (!holder) return;
        holder.splice(holder.indexOf(target) + (where === 'after' ? 1 : 0), 0, item);
      }
      const loc = findById(d, item.id);
      if (loc) newKey = locKey(loc);
    });
    if (newKey) select(newKey);
  };

  const remove = () => {
    if (!doc || !sel) return;
    const b = blockOf(sel);
    mutate((d) => {
      if (b) {
        const list = editableBlocks(d, gIndex);
        const [gone] = list.splice(b.block, 1);
        for (const ind of gone?.indicators ?? []) for (const x of collectIds(ind)) delete d.meta?.indicators?.[x];
        return;
      }
      const loc = parseLocKey(sel);
      const p = parentList(d, loc);
      if (!p) return;
      const [gone] = p.list.splice(p.index, 1);
      if (gone) for (const x of collectIds(gone)) delete d.meta?.indicators?.[x];
    });
    select(null);
  };

  const jump = (issue: SchemeIssue) => {
    if (!doc) return;
    const loc = locFromPath(doc, issue.path);
    if (!loc) {
      // a group-level issue (e.g. points per group): open that group's tab
      const gi = groupOfPath(issue.path);
      const g = gi === null ? undefined : doc.engine.groups[gi];
      if (g) setTab(g.id);
      return;
    }
    const g = doc.engine.groups[loc.group];
    if (!g) return;
    setTab(g.id);
    setSelected((s) => ({ ...s, [g.id]: locKey(loc) }));
    setCollapsed((c) => {
      const n = new Set(c);
      n.delete(blockKey(loc.group, loc.block));
      for (let i = 1; i < loc.path.length; i++) n.delete(locKey({ ...loc, path: loc.path.slice(0, i) }));
      return n;
    });
    setTimeout(() => document.querySelector('[data-testid="indicator-form"]')?.scrollIntoView({ block: 'start' }), 50);
  };

  return {
    selected,
    setSelected,
    collapsed,
    setCollapsed,
    addBlock,
    addIndicator,
    addChild,
    move,
    drop,
    remove,
    jump,
  };
}

export type TreeEditing = ReturnType<typeof useTreeEditing>;
