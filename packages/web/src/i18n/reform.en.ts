import type { reformZh } from './reform.zh-CN';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** Issue 15 part B: unit groups as the county's data, units through the years (institutional reform). */
export const reformEn: Strings<typeof reformZh> = {
  reform: {
    groups: {
      open: 'Groups',
      title: 'Unit groups',
      hint: "Groups are the county's data: schemes name them by code. A retired group takes no units and no new scheme; a group with active units cannot be retired.",
      code: 'Code',
      name: 'Name',
      kind: 'Unit type',
      units: 'Active units',
      status: 'Status',
      retired: 'Retired',
      active: 'In use',
      create: 'Add group',
      rename: 'Rename',
      up: 'Up',
      down: 'Down',
      retire: 'Retire',
      restore: 'Restore',
      confirmRetire: 'Retire the group "{{name}}"?',
      created: 'Group {{name}} added',
      saved: 'Group {{name}} saved',
    },
    validity: {
      column: 'In force',
      from: 'From',
      to: 'To',
      open: 'open',
      fromHelp: 'Blank: from 1 January after the last published year (published years stay as they are)',
      toHelp: 'Blank: open-ended. A year assesses the units in force on its 31 December',
    },
    succession: {
      open: 'Reorganise',
      title: 'Reorganisation (merge, split, rename)',
      hint: 'The units taken over end the day before; the successors take over from the day. Add the successor units first, then record the change here.',
      kind: 'Change',
      kinds: { merge: 'Merge', split: 'Split', rename: 'Rename' },
      effectiveOn: 'Effective on',
      from: 'Units taken over',
      to: 'Successors',
      carries: 'Taken over',
      items: {
        indicators: 'Indicators (feature indicators, per-unit targets: change them in the scheme)',
        reports: 'Reports of this year and later',
        records: 'Bonus/deduction records of this year and later',
        history: 'Rank history (rank improvement, consecutive years)',
      },
      historyFrom: 'Whose rank history continues',
      note: 'Note (the decision it rests on)',
      submit: 'Record',
      done: 'Recorded: {{reports}} reports and {{records}} records moved',
      kept: '{{kept}} reports stay with the old unit (the successor already had them)',
      list: 'History',
      none: 'No reorganisation yet',
      required: 'Required',
    },
    import: {
      newGroups: 'The file names groups the county does not have',
      newGroupsDesc: 'Confirm to create them (codes G01, G02 … — rename them under Groups) and import the file again.',
      createAndImport: 'Create groups and import',
    },
  },
};
