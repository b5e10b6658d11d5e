import type { setupZh } from './setup.zh-CN';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

export const setupEn: DeepStrings<typeof setupZh> = {
  setup: {
    title: 'First run: create the county',
    subtitle: 'This server holds no county yet. Create your county and its three administrators, then sign in.',
    tokenTitle: 'Setup token',
    token: 'Setup token',
    tokenHelp:
      'Printed on the server console and in its log at start ("setup token"), so that nobody else can set up this server first.',
    tokenRequired: 'Enter the setup token',
    countyTitle: 'County',
    code: 'County code',
    codeHelp:
      'Lower-case letters, digits or hyphens, starting with a letter, e.g. qingshan; it prefixes the administrators’ usernames',
    codeInvalid: '2–23 lower-case letters, digits or hyphens, starting with a letter',
    name: 'County name',
    namePlaceholder: 'e.g. 青山县',
    nameRequired: 'Enter the county name',
    identityTitle: 'Names on official documents',
    identityHelp:
      'The red header, document number and signature of the results bulletin and other documents. Left empty, they are derived from the county name.',
    issuingOrgan: 'Issuing organ (red header)',
    docNumberPattern: 'Document number pattern',
    docNumberHelp: '{year} is the year, {n} the number (required)',
    docNumberInvalid: 'The pattern must contain {n}',
    signatureOrgan: 'Signature organ',
    preview: 'Example number: {{example}}',
    adminsTitle: 'The three administrators',
    adminsHelp:
      'System, security and audit administrators are separate people (separation of duties). Each must change the password at the first sign-in.',
    roles: { sysadmin: 'System administrator', secadmin: 'Security administrator', auditor: 'Audit administrator' },
    username: 'Username',
    usernameInvalid: '3–32 lower-case letters, digits, underscores, dots or hyphens',
    displayName: 'Name',
    displayNameRequired: 'Enter the name',
    password: 'Initial password',
    passwordConfirm: 'Confirm password',
    passwordPolicy: 'At least 10 characters and three of: lower case, upper case, digit, symbol',
    passwordMismatch: 'The two passwords differ',
    usernamesDistinct: 'The three usernames must differ',
    submit: 'Create the county',
    doneTitle: 'County “{{name}}” created',
    doneSub:
      'Sign in with these accounts; each must change its password at the first sign-in. The system administrator then creates the office, assessor and unit accounts.',
    toLogin: 'Go to sign in',
    loginCounty: 'County code',
    loginCountyHelp:
      'This username exists in several counties: enter your county’s code (e.g. qingshan); your system administrator knows it',
  },
};
