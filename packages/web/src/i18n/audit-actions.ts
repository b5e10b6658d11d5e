/**
 * Names of the audit log's actions (the stable codes the server writes, e.g. `auth.login`), in both languages.
 * The audit page and the overview show these, never the code; audit-actions.test.ts fails when the server writes an
 * action with no name here. An unknown action (written by a newer server) is named by its domain and verb.
 */
import type { Lang } from './index';

type Names = Record<string, readonly [zh: string, en: string]>;

export const AUDIT_ACTIONS: Names = {
  'auth.login': ['登录', 'Signed in'],
  'auth.login_failed': ['登录失败', 'Sign-in failed'],
  'auth.locked': ['账号锁定', 'Account locked'],
  'auth.logout': ['退出登录', 'Signed out'],
  'auth.password_change': ['修改密码', 'Password changed'],
  'auth.totp_enable': ['启用动态口令', 'Two-factor enabled'],
  'auth.totp_disable': ['停用动态口令', 'Two-factor disabled'],
  'user.create': ['新建账号', 'Account created'],
  'user.create_confirmed': ['确认新建账号', 'Account creation confirmed'],
  'user.create_rejected': ['驳回新建账号', 'Account creation rejected'],
  'user.update': ['修改账号', 'Account changed'],
  'user.role_change': ['变更账号角色', 'Account role changed'],
  'user.reset_password': ['重置密码', 'Password reset'],
  'user.reset_password_requested': ['申请重置密码', 'Password reset requested'],
  'user.reset_password_rejected': ['驳回重置密码', 'Password reset rejected'],
  'user.reset_totp': ['重置动态口令', 'Two-factor reset'],
  'unit.create': ['新增考核对象', 'Unit added'],
  'unit.update': ['修改考核对象', 'Unit changed'],
  'unit.activate': ['启用考核对象', 'Unit activated'],
  'unit.deactivate': ['停用考核对象', 'Unit deactivated'],
  'unit.succession': ['机构改革承继', 'Unit succession'],
  'group.create': ['新增考核类别', 'Group added'],
  'group.update': ['修改考核类别', 'Group changed'],
  'group.reorder': ['调整考核类别顺序', 'Groups reordered'],
  'group.retire': ['停用考核类别', 'Group retired'],
  'group.restore': ['恢复考核类别', 'Group restored'],
  'county.create': ['新建县（区）', 'County created'],
  'county.restore': ['恢复县（区）数据', 'County restored'],
  'scheme.create': ['新建考核方案', 'Scheme created'],
  'scheme.save_draft': ['保存方案草稿', 'Scheme draft saved'],
  'scheme.publish': ['发布考核方案', 'Scheme published'],
  'scheme.new_version': ['方案新版本', 'New scheme version'],
  'record.create': ['新增加减分记录', 'Record added'],
  'record.update': ['修改加减分记录', 'Record changed'],
  'record.delete': ['删除加减分记录', 'Record deleted'],
  'excel.import': ['Excel 导入', 'Excel import'],
  'report.create': ['填报', 'Report entered'],
  'report.update': ['修改填报', 'Report changed'],
  'report.submit': ['报送', 'Report submitted'],
  'report.resubmit': ['重新报送', 'Report resubmitted'],
  'report.excel': ['Excel 批量填报', 'Reports from Excel'],
  'report.approve': ['审核通过', 'Report approved'],
  'report.return': ['退回修改', 'Report returned'],
  'report.fail': ['判定未完成', 'Report failed'],
  'report.correct': ['更正', 'Report corrected'],
  'report.change_after_approval': ['审定后变更', 'Changed after approval'],
  'evidence.upload': ['上传佐证材料', 'Evidence uploaded'],
  'evidence.delete': ['删除佐证材料', 'Evidence deleted'],
  'redlight.answer': ['红灯说明', 'Red light answered'],
  'redlight.return': ['退回红灯说明', 'Red-light answer returned'],
  'redlight.close': ['红灯销号', 'Red light closed'],
  'supervision.create': ['新增督查事项', 'Supervision item added'],
  'supervision.update': ['修改督查事项', 'Supervision item changed'],
  'supervision.progress': ['督查事项进展', 'Supervision progress'],
  'supervision.overdue': ['督查事项逾期', 'Supervision item overdue'],
  'city.create': ['新增市考指标', 'City indicator added'],
  'city.update': ['修改市考指标', 'City indicator changed'],
  'city.node_create': ['新增市考节点', 'City node added'],
  'city.node_update': ['市考节点亮灯', 'City node changed'],
  'evaluation.create': ['新建综合评价', 'Evaluation created'],
  'evaluation.update': ['修改综合评价', 'Evaluation changed'],
  'evaluation.codes': ['生成评议码', 'Voting codes issued'],
  'evaluation.open': ['开始评议', 'Voting opened'],
  'evaluation.close': ['结束评议', 'Voting closed'],
  'results.compute': ['计算考核结果', 'Results computed'],
  'results.approve': ['审定考核结果', 'Results approved'],
  'results.publish': ['发布考核结果', 'Results published'],
  'results.correct': ['发布更正结果', 'Correction published'],
  'results.tieDecision': ['并列名次决定', 'Tie decision'],
  'results.correction.prepare': ['起草更正', 'Correction drafted'],
  'results.correction.refresh': ['重算更正草稿', 'Correction recomputed'],
  'results.correction.approve': ['审定更正', 'Correction approved'],
  'results.correction.discard': ['放弃更正', 'Correction discarded'],
  'yearend.settings': ['年终考核设置', 'Year-end settings'],
  'appeal.file': ['提出申诉', 'Appeal filed'],
  'appeal.accept': ['申诉成立', 'Appeal accepted'],
  'appeal.reject': ['申诉不成立', 'Appeal rejected'],
  'rectification.create': ['新增整改事项', 'Rectification added'],
  'rectification.generate': ['生成整改事项', 'Rectifications generated'],
  'rectification.update': ['修改整改事项', 'Rectification changed'],
  'rectification.progress': ['整改进展', 'Rectification progress'],
  'rectification.submit': ['提交整改', 'Rectification submitted'],
  'rectification.return': ['退回整改', 'Rectification returned'],
  'rectification.close': ['整改销号', 'Rectification closed'],
  'audit.export': ['导出审计日志', 'Audit log exported'],
  'audit.prune': ['清理审计日志', 'Audit log pruned'],
  'system.seed_demo': ['初始化演示县', 'Demo county seeded'],
  'system.seed_in_year': ['初始化过程考核演示数据', 'Demo in-year data seeded'],
};

const DOMAINS: Names = {
  auth: ['登录', 'Sign-in'],
  user: ['账号', 'Account'],
  unit: ['考核对象', 'Unit'],
  group: ['考核类别', 'Group'],
  county: ['县（区）', 'County'],
  scheme: ['考核方案', 'Scheme'],
  record: ['加减分记录', 'Record'],
  excel: ['Excel', 'Excel'],
  report: ['填报', 'Report'],
  evidence: ['佐证材料', 'Evidence'],
  redlight: ['红灯', 'Red light'],
  supervision: ['督查事项', 'Supervision'],
  city: ['市考指标', 'City indicator'],
  evaluation: ['综合评价', 'Evaluation'],
  results: ['考核结果', 'Results'],
  yearend: ['年终考核', 'Year-end'],
  appeal: ['申诉', 'Appeal'],
  rectification: ['整改', 'Rectification'],
  audit: ['审计', 'Audit'],
  system: ['系统', 'System'],
};

const VERBS: Names = {
  create: ['新增', 'added'],
  update: ['修改', 'changed'],
  delete: ['删除', 'deleted'],
  import: ['导入', 'imported'],
  export: ['导出', 'exported'],
  approve: ['审定', 'approved'],
  publish: ['发布', 'published'],
  close: ['关闭', 'closed'],
  open: ['开启', 'opened'],
};

/** The action's name in `lang`; an unknown action by its domain and verb, the code only as a last resort. */
export function auditActionName(action: string, lang: Lang): string {
  const i = lang === 'en' ? 1 : 0;
  const known = AUDIT_ACTIONS[action];
  if (known) return known[i];
  const dot = action.indexOf('.');
  const domain = DOMAINS[action.slice(0, dot)];
  const verb = VERBS[action.slice(action.lastIndexOf('.') + 1)];
  if (dot > 0 && domain) return verb ? (i === 0 ? `${domain[0]}${verb[0]}` : `${domain[1]} ${verb[1]}`) : domain[i];
  return action;
}
