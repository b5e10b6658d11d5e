// One version for the product, kept in the root package.json (bin/yardstick.js answers --version from it too).
import pkg from '../../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
