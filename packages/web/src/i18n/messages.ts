// The shape of the UI's messages (the Chinese resources' keys), apart from i18n/index.ts, so that the English
// resources can be checked against it without importing the module that imports them.
import type { zhCN } from './zh-CN';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
/** The English resources must have exactly the keys of the Chinese ones. */
export type Messages = DeepStrings<typeof zhCN>;
