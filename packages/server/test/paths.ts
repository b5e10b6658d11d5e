import path from 'node:path';

export const TEMPLATE_FILE = path.resolve(import.meta.dirname, '../../../.tmp/pglite-template.tar');
