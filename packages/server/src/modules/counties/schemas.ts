import { z } from 'zod';
import { text } from '../../lib/schemas';
import { Password, Username } from '../users/schemas';

/** A county's code: lower-case letters, digits and hyphens, starting with a letter (it prefixes usernames). */
export const CountyCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{1,22}$/, { message: 'i18n:county_code_format' });

/** A document-number pattern: `{n}` is the number and is required, `{year}` the year of issue. */
export const DocNumberPattern = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((p) => p.includes('{n}'), { message: 'i18n:doc_number_pattern' });

export const CountyIdentityInput = z.object({
  issuingOrgan: text(64).optional(),
  docNumberPattern: DocNumberPattern.optional(),
  signatureOrgan: text(64).optional(),
});

export const AdminAccount = z.object({ username: Username, displayName: text(32), password: Password });
export type AdminAccount = z.infer<typeof AdminAccount>;

/** The first-run page's request: the county, its identity and its three administrators (三员分立). */
export const SetupCountyBody = CountyIdentityInput.extend({
  token: z.string().trim().min(1).max(200),
  code: CountyCode,
  name: text(32),
  sysadmin: AdminAccount,
  secadmin: AdminAccount,
  auditor: AdminAccount,
});
export type SetupCountyBody = z.infer<typeof SetupCountyBody>;

export const SetupStatus = z.object({ needsSetup: z.boolean() });

export const CreatedCounty = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  issuingOrgan: z.string(),
  docNumberPattern: z.string(),
  signatureOrgan: z.string(),
  admins: z.array(z.object({ role: z.enum(['sysadmin', 'secadmin', 'auditor']), username: z.string() })),
});
export type CreatedCounty = z.infer<typeof CreatedCounty>;
