/** Password policy: at least 10 characters and three of the four classes (lower, upper, digit, symbol). */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('too_short');
  if (password.length > 128) problems.push('too_long');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('too_simple');
  return problems;
}

export const PASSWORD_POLICY_MESSAGE = {
  'zh-CN': '密码至少 10 位，且须包含小写字母、大写字母、数字、符号中的至少三类',
  en: 'Passwords need at least 10 characters and three of: lower case, upper case, digit, symbol',
} as const;
