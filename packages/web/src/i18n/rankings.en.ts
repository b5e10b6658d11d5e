import type { rankingsZh } from './rankings.zh-CN';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** Issue 17: the periodic rankings a deduction rule reads. */
export const rankingsEn: Strings<typeof rankingsZh> = {
  rankings: {
    menu: 'External rankings',
    title: 'External rankings',
    subtitle:
      "The rankings that the scheme's deductions by places in another ranking read (e.g. 0.5 per township per month in the bottom two of the city's monthly ranking): enter each period's places; computing the results deducts them.",
    year: 'Year',
    noScheme: 'There is no {{year}} scheme yet; rankings are entered for its deductions by places in another ranking.',
    noRule: 'The {{year}} scheme has no deduction by places in another ranking: no ranking to enter.',
    frozen: 'The {{year}} results are published: the rankings are read-only. To change them, open a correction first.',
    readOnly: 'Read-only: the assessment office enters rankings.',
    rule: '{{points}} per place in the bottom {{bottom}} of each period',
    addPeriod: 'Add a period',
    editPeriod: 'Edit period {{period}}',
    createTitle: 'Add a period of the ranking',
    noPeriods: 'No period entered yet: the results are blocked until there is one',
    unused: "These rankings are no longer read by the year's scheme and are not used: {{list}}",
    deleteConfirm: 'Delete the ranking of period {{period}}?',
    deleted: 'Deleted',
    saved: 'Saved period {{period}}',
    columns: {
      period: 'Period',
      date: 'Date',
      size: 'Ranked',
      places: 'Places entered',
      bottom: 'Bottom {{bottom}}',
      actions: 'Actions',
    },
    place: 'place {{place}}',
    placeOf: '{{subUnit}} ({{unit}}) place {{place}}',
    fields: {
      period: 'Period',
      periodHelp: 'e.g. 2019-03 (monthly); for another period (e.g. Q1 2019) give its date too',
      date: 'Date',
      dateHelp: 'Places the period in the measurement window; not needed for a month',
      size: 'Ranked',
      sizeHelp: 'How many were ranked in the period; the bottom places count from it',
      places: 'Places',
      placesHelp: "At least the places of the county's sub-units (the bottom ones are enough)",
      subUnit: 'Ranked sub-unit',
      subUnitPlaceholder: 'e.g. a village or a township',
      unit: 'Belongs to',
      place: 'Place',
      addPlace: 'Add a place',
    },
    rules: {
      periodRequired: 'Enter the period',
      sizeRequired: 'Enter how many were ranked',
      subUnitRequired: 'Enter the ranked sub-unit',
      unitRequired: 'Choose the unit',
      placeRequired: 'Enter the place',
      placesRequired: 'Enter at least one place',
    },
  },
};
