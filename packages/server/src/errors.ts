/**
 * Domain errors: services throw AppError with a stable code; the HTTP layer maps the code to a status
 * and a message in the caller's language. Never match errors by their message text.
 */
export type Locale = 'zh-CN' | 'en';

type Params = Record<string, string | number | undefined>;
type Message = { status: number; 'zh-CN': (p: Params) => string; en: (p: Params) => string };

const catalogue = {
  VALIDATION_FAILED: {
    status: 400,
    'zh-CN': () => '提交的数据有误，请检查标出的字段',
    en: () => 'Some fields are invalid; see the details',
  },
  UNAUTHENTICATED: {
    status: 401,
    'zh-CN': () => '请先登录',
    en: () => 'Please sign in',
  },
  SESSION_EXPIRED: {
    status: 401,
    'zh-CN': () => '登录已超时，请重新登录',
    en: () => 'Your session has expired; please sign in again',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    'zh-CN': () => '用户名或密码错误',
    en: () => 'Wrong username or password',
  },
  TENANT_REQUIRED: {
    status: 400,
    'zh-CN': () => '该用户名存在于多个县区，请选择县区后再登录',
    en: () => 'This username exists in several counties; choose the county',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    'zh-CN': () => '账号已停用，请联系系统管理员',
    en: () => 'This account is disabled; contact the system administrator',
  },
  ACCOUNT_LOCKED: {
    status: 403,
    'zh-CN': (p) => `连续登录失败次数过多，账号已锁定，请 ${p.minutes ?? ''} 分钟后再试`,
    en: (p) => `Too many failed sign-ins; the account is locked for ${p.minutes ?? ''} minutes`,
  },
  FORBIDDEN: {
    status: 403,
    'zh-CN': () => '无权执行此操作',
    en: () => 'You are not allowed to do this',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    'zh-CN': () => '请先修改密码（初始密码、重置后的密码或已过期的密码须修改后才能继续使用）',
    en: () => 'Change your password first (an initial, reset or expired password must be changed)',
  },
  OTP_REQUIRED: {
    status: 401,
    'zh-CN': () => '请输入身份验证器中的 6 位动态验证码',
    en: () => 'Enter the 6-digit code from your authenticator app',
  },
  OTP_INVALID: {
    status: 401,
    'zh-CN': () => '动态验证码不正确或已使用',
    en: () => 'The code is wrong or was already used',
  },
  TOTP_ENROLMENT_REQUIRED: {
    status: 403,
    'zh-CN': () => '您的角色须启用双因素认证，请先在“账号安全”中绑定身份验证器',
    en: () => 'Your role requires two-factor authentication; enrol an authenticator app first',
  },
  TOTP_STATE: {
    status: 409,
    'zh-CN': (p) => (p.enabled === 1 ? '已启用双因素认证' : '尚未开始绑定身份验证器'),
    en: (p) => (p.enabled === 1 ? 'Two-factor authentication is already on' : 'Start the enrolment first'),
  },
  TOTP_REQUIRED_FOR_ROLE: {
    status: 409,
    'zh-CN': () => '您的角色必须使用双因素认证，不能关闭',
    en: () => 'Your role requires two-factor authentication; it cannot be turned off',
  },
  CSRF_INVALID: {
    status: 403,
    'zh-CN': () => '请求校验失败，请刷新页面后重试',
    en: () => 'Request check failed; reload the page and try again',
  },
  NOT_FOUND: {
    status: 404,
    'zh-CN': (p) => `${p.entity ?? '记录'}不存在或无权查看`,
    en: (p) => `${p.entityEn ?? 'Record'} not found`,
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    'zh-CN': () => '接口不存在',
    en: () => 'No such endpoint',
  },
  CONFLICT: {
    status: 409,
    'zh-CN': (p) => `${p.field ?? '该值'}“${p.value ?? ''}”已被使用`,
    en: (p) => `${p.fieldEn ?? 'Value'} "${p.value ?? ''}" is already taken`,
  },
  VERSION_CONFLICT: {
    status: 409,
    'zh-CN': () => '该记录已被他人修改，请刷新后重试',
    en: () => 'Someone else changed this record; reload and try again',
  },
  // Issue 15 part B: unit groups as data, units through the years (modules/units).
  GROUP_HAS_UNITS: {
    status: 409,
    'zh-CN': (p) =>
      `考核类别“${p.name ?? ''}”还有 ${p.count ?? ''} 个启用的考核对象（${p.units ?? ''}），不能停用；请先把它们调整到其他类别或停用`,
    en: (p) =>
      `Group "${p.name ?? ''}" still has ${p.count ?? ''} active unit(s) (${p.units ?? ''}); move or retire them first`,
  },
  GROUP_RETIRED: {
    status: 409,
    'zh-CN': (p) => `考核类别“${p.name ?? ''}”已停用，不能再加入考核对象`,
    en: (p) => `Group "${p.name ?? ''}" is retired and takes no units`,
  },
  GROUP_KIND_MISMATCH: {
    status: 409,
    'zh-CN': (p) => `考核类别“${p.name ?? ''}”是${p.kind ?? ''}类别，与单位类型不符`,
    en: (p) => `Group "${p.name ?? ''}" is a ${p.kindEn ?? ''} group; the unit type does not match`,
  },
  UNIT_OPEN_REPORTS: {
    status: 409,
    'zh-CN': (p) =>
      `考核对象“${p.name ?? ''}”还有 ${p.count ?? ''} 份未办结的报送（草稿、已报送或被退回），不能停用；请先办结这些报送，或用“机构调整”把报送转给承接单位`,
    en: (p) =>
      `Unit "${p.name ?? ''}" has ${p.count ?? ''} open report(s) (draft, submitted or returned); finish them or hand them to a successor first`,
  },
  UNIT_PUBLISHED_YEAR: {
    status: 409,
    'zh-CN': (p) => `这样修改会改变已公布的 ${p.year ?? ''} 年度考核对象（${p.name ?? ''}）；已公布的年度不能改变`,
    en: (p) =>
      `This would change who was assessed in ${p.year ?? ''}, a published year (${p.name ?? ''}); published years never change`,
  },
  SUCCESSION_CYCLE: {
    status: 409,
    'zh-CN': (p) => `机构调整形成循环：${p.path ?? ''}；一个单位不能（间接）承接自己`,
    en: (p) => `The succession forms a cycle: ${p.path ?? ''}; a unit cannot (indirectly) succeed itself`,
  },
  SUCCESSION_OVERLAP: {
    status: 409,
    'zh-CN': (p) => `机构调整与单位的存续期重叠：${p.reason ?? ''}`,
    en: (p) => `The succession overlaps in time: ${p.reasonEn ?? ''}`,
  },
  ROLE_NOT_ALLOWED: {
    status: 403,
    'zh-CN': () => '系统管理员只能创建业务账号，管理员角色须由安全管理员授予',
    en: () =>
      'System administrators create business accounts only; admin roles are granted by the security administrator',
  },
  // --- issue 14: two-person confirmation of business accounts (三员分立) ---
  ACCOUNT_REQUEST_PENDING: {
    status: 409,
    'zh-CN': () => '该账号已有待安全管理员确认的申请，请等待确认或驳回后再提交',
    en: () => 'A request on this account is already waiting for the security administrator',
  },
  ACCOUNT_REQUEST_DECIDED: {
    status: 409,
    'zh-CN': () => '该申请已经处理（确认或驳回），不能再次处理',
    en: () => 'This request has already been confirmed or rejected',
  },
  SCHEME_LOCKED: {
    status: 409,
    'zh-CN': () => '该考核方案没有草稿版本，已发布的版本不能修改；如需调整，请先新建版本',
    en: () => 'This scheme has no draft; a published version cannot change — start a new version first',
  },
  SCHEME_INVALID: {
    status: 409,
    'zh-CN': (p) => `考核方案有 ${p.count ?? ''} 处错误，修正后才能发布`,
    en: (p) => `The scheme has ${p.count ?? ''} error(s); fix them before publishing`,
  },
  SCHEME_DRAFT_EXISTS: {
    status: 409,
    'zh-CN': (p) => `该考核方案已有草稿（第 ${p.versionNo ?? ''} 版），请在草稿上继续修改`,
    en: (p) => `This scheme already has a draft (version ${p.versionNo ?? ''}); edit that draft`,
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    'zh-CN': () => '提交的内容过大',
    en: () => 'The request is too large',
  },
  IMPORT_REJECTED: {
    status: 400,
    'zh-CN': (p) => `导入文件有 ${p.count ?? ''} 处错误，未导入任何数据，请按逐行说明改正后重新导入`,
    en: (p) => `The file has ${p.count ?? ''} problem(s); nothing was imported. Fix the rows listed and import again`,
  },
  IMPORT_NOT_XLSX: {
    status: 400,
    'zh-CN': () => '文件不是 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再导入',
    en: () => 'The file is not an Excel workbook (.xlsx); save it as .xlsx and import again',
  },
  IMPORT_OLD_XLS: {
    status: 400,
    'zh-CN': () =>
      '文件是旧版 Excel 97–2003 工作簿（.xls），或设置了打开密码的工作簿；请取消密码，用 Excel 或 WPS 另存为 .xlsx 后再导入',
    en: () =>
      'The file is an old Excel 97–2003 workbook (.xls) or a password-protected workbook; remove the password and save it as .xlsx',
  },
  IMPORT_NO_WORKBOOK: {
    status: 400,
    'zh-CN': (p) => `文件是 ${p.what ?? ''} 文件，不是 Excel 工作簿；请用 Excel 或 WPS 另存为 .xlsx 后再导入`,
    en: (p) => `The file is a ${p.what ?? ''} file, not an Excel workbook; save it as .xlsx and import again`,
  },
  IMPORT_UNREADABLE: {
    status: 400,
    'zh-CN': (p) =>
      `文件是 .xlsx 工作簿，但内容无法读取（${p.reason ?? ''}），文件可能已损坏；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入`,
    en: (p) =>
      `The file is an .xlsx workbook but cannot be read (${p.reason ?? ''}); it may be damaged. Open it in Excel or WPS, save it again as .xlsx and import`,
  },
  IMPORT_NO_SHEETS: {
    status: 400,
    'zh-CN': () => '工作簿中没有工作表，请使用下载的模板',
    en: () => 'The workbook holds no worksheet; use the downloaded template',
  },
  IMPORT_EMPTY: {
    status: 400,
    'zh-CN': () => '文件中没有数据行，请在表头下方填写数据后再导入',
    en: () => 'The file holds no data rows; fill in rows below the header and import again',
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 400,
    'zh-CN': (p) => `文件超过 ${p.max ?? ''} 行数据，请拆分为多个文件分别导入`,
    en: (p) => `The file has more than ${p.max ?? ''} data rows; split it into several files`,
  },
  IMPORT_TOO_LARGE: {
    status: 400,
    'zh-CN': (p) =>
      `文件解压后超过 ${p.max ?? ''} MB 或压缩比异常（文件已损坏或是恶意构造的压缩包），未导入任何数据；请用 Excel 或 WPS 另存为 .xlsx 后再导入`,
    en: (p) =>
      `The file inflates beyond ${p.max ?? ''} MB or is compressed implausibly (damaged, or a crafted archive); nothing was imported. Save it again as .xlsx from Excel or WPS`,
  },
  RATE_LIMITED: {
    status: 429,
    'zh-CN': () => '操作过于频繁，请稍后再试',
    en: () => 'Too many requests; try again later',
  },
  DATA_DIR_LOCKED: {
    status: 503,
    'zh-CN': (p) =>
      `数据目录 ${p.dataDir ?? ''} 正被进程 ${p.pid ?? ''} 使用（服务器是否正在运行？）。请先停止服务器，或对 PostgreSQL 部署设置 DATABASE_URL。`,
    en: (p) =>
      `The data directory ${p.dataDir ?? ''} is in use by process ${p.pid ?? ''} (is the server running?). Stop the server first, or use PostgreSQL via DATABASE_URL.`,
  },
  AUDIT_RETENTION: {
    status: 400,
    'zh-CN': (p) => `审计记录至少保留 ${p.months ?? 6} 个月：只能清理 ${p.earliest ?? ''} 之前的记录`,
    en: (p) =>
      `Audit records are kept at least ${p.months ?? 6} months: only records before ${p.earliest ?? ''} may be pruned`,
  },
  AUDIT_CHAIN_BROKEN: {
    status: 409,
    'zh-CN': (p) => `审计链在记录 ${p.id ?? ''} 处不完整，须先查明原因，不能清理`,
    en: (p) => `The audit chain is broken at record ${p.id ?? ''}; investigate before pruning`,
  },
  BACKUP_INVALID: {
    status: 400,
    'zh-CN': (p) => `备份文件无效：${p.reason ?? ''}`,
    en: (p) => `Invalid backup file: ${p.reason ?? ''}`,
  },
  RESTORE_NOT_EMPTY: {
    status: 409,
    'zh-CN': () => '目标数据库已有数据。如确需用备份覆盖现有全部数据，请加 --replace 参数。',
    en: () => 'The target database already holds data; add --replace to overwrite all of it with the backup.',
  },
  // --- issue 15 part A: a county from zero ---
  COUNTY_CODE_TAKEN: {
    status: 409,
    'zh-CN': (p) => `县区编码 ${p.code ?? ''} 已存在，未做任何改动`,
    en: (p) => `A county with code ${p.code ?? ''} already exists; nothing was written`,
  },
  COUNTY_NOT_FOUND: {
    status: 404,
    'zh-CN': (p) => `县区 ${p.code ?? ''} 不存在`,
    en: (p) => `No county with code ${p.code ?? ''}`,
  },
  COUNTY_REQUIRED: {
    status: 400,
    'zh-CN': (p) => `数据库中有多个县区，请用 --tenant 指定：${p.codes ?? ''}`,
    en: (p) => `The database holds several counties; choose one with --tenant: ${p.codes ?? ''}`,
  },
  NO_COUNTY: {
    status: 400,
    'zh-CN': () => '数据库中还没有县区，请先运行 yardstick county create，或在网页的首次设置页创建',
    en: () => 'The database holds no county yet; run yardstick county create, or use the first-run page of the web app',
  },
  DOC_NUMBER_PATTERN_INVALID: {
    status: 400,
    'zh-CN': () => '文号格式须包含 {n}（文号序号），可含 {year}（年份），例如：XX考核办〔{year}〕{n}号',
    en: () =>
      'The document-number pattern must contain {n} (the number) and may contain {year}, e.g. XX考核办〔{year}〕{n}号',
  },
  SETUP_DONE: {
    status: 409,
    'zh-CN': () => '本系统已完成首次设置（已有县区），首次设置页不再可用',
    en: () => 'This server is already set up (a county exists); the first-run page is closed',
  },
  SETUP_TOKEN_INVALID: {
    status: 403,
    'zh-CN': () => '设置口令不正确。口令在服务器启动时打印在控制台和日志中',
    en: () => 'Wrong setup token. The token is printed on the console and in the log when the server starts',
  },
  INTERNAL: {
    status: 500,
    'zh-CN': () => '服务器内部错误，请稍后重试或联系管理员',
    en: () => 'Internal error; try again later or contact the administrator',
  },
  // --- issue 5 errors (in-year) ---
  // issue 5 (helper B): supervision, city indicators
  SUPERVISION_CLOSED: {
    status: 409,
    'zh-CN': () => '该督查事项已办结或已撤销，不能再报送进展',
    en: () => 'This supervision item is done or cancelled; no more progress reports',
  },
  SUPERVISION_NOT_OWNER: {
    status: 403,
    'zh-CN': () => '只有牵头单位可以报送督查事项进展，配合单位请向牵头单位提供材料',
    en: () => 'Only the owner unit reports progress; co-operating units send their input to the owner',
  },
  INDICATOR_NOT_IN_SCHEME: {
    status: 400,
    'zh-CN': (p) => `指标 ${p.id ?? ''} 不在 ${p.year ?? ''} 年度已发布的考核方案中`,
    en: (p) => `Indicator ${p.id ?? ''} is not in the published scheme of ${p.year ?? ''}`,
  },
  PERIOD_INVALID: {
    status: 400,
    'zh-CN': () => '起始日期不能晚于截止日期',
    en: () => 'The start date must not be after the end date',
  },
  COMMITTEE_PERIOD_INVALID: {
    status: 400,
    'zh-CN': (p) => `报告期序号应在 1 至 ${p.max ?? ''} 之间`,
    en: (p) => `The period number must be between 1 and ${p.max ?? ''}`,
  },
  // reports / lights / red-light follow-up (helper A)
  OWN_UNIT_REVIEW: {
    status: 403,
    'zh-CN': () => '不能审核本单位的报送：本单位的报送由考核办审核',
    en: () => "You cannot verify your own unit's report; the assessment office verifies it",
  },
  REPORT_NOT_EDITABLE: {
    status: 409,
    'zh-CN': (p) => `该填报当前状态为“${p.status ?? ''}”，不能进行此操作`,
    en: (p) => `This report is ${p.status ?? ''}; that action is not possible now`,
  },
  REPORT_INCOMPLETE: {
    status: 400,
    'zh-CN': (p) => `填报内容不完整：${p.what ?? ''}`,
    en: (p) => `The report is incomplete: ${p.whatEn ?? ''}`,
  },
  EVIDENCE_REQUIRED: {
    status: 400,
    'zh-CN': () => '该指标要求上传佐证材料，请先上传至少一个文件再提交',
    en: () => 'This indicator requires evidence; upload at least one file before submitting',
  },
  EVIDENCE_REQUESTED: {
    status: 400,
    'zh-CN': (p) => `考核主体退回时要求补充佐证材料（${String(p.reason ?? '')}），请上传后再提交`,
    en: (p) => `The assessor asked for evidence when returning it (${String(p.reason ?? '')}); upload a file first`,
  },
  EVIDENCE_NOT_ALLOWED: {
    status: 400,
    'zh-CN': () => '该指标不收佐证材料',
    en: () => 'This indicator takes no evidence files',
  },
  EVIDENCE_TYPE: {
    status: 400,
    'zh-CN': (p) => `文件类型不符合要求（按文件内容识别为 ${p.detected ?? '未知类型'}），只接受：${p.allowed ?? ''}`,
    en: (p) =>
      `File type not accepted (its content is ${p.detected ?? 'of an unknown type'}); accepted: ${p.allowed ?? ''}`,
  },
  EVIDENCE_TOO_LARGE: {
    status: 413,
    'zh-CN': (p) => `文件超过 ${p.max ?? ''} MB 的上限`,
    en: (p) => `The file exceeds the ${p.max ?? ''} MB limit`,
  },
  EVIDENCE_EMPTY: {
    status: 400,
    'zh-CN': () => '文件为空，请选择有内容的文件',
    en: () => 'The file is empty',
  },
  REASON_REQUIRED: {
    status: 400,
    'zh-CN': () => '请填写理由（退回、批准后修改和评分都须说明理由）',
    en: () => 'A reason is required (for a return, a change after approval, and a score)',
  },
  SCORE_OUT_OF_RANGE: {
    status: 400,
    'zh-CN': (p) => `评分须在 ${p.min ?? ''} 到 ${p.max ?? ''} 之间`,
    en: (p) => `The score must be between ${p.min ?? ''} and ${p.max ?? ''}`,
  },
  NO_PUBLISHED_SCHEME: {
    status: 404,
    'zh-CN': (p) => `${p.year ?? ''} 年度考核方案尚未发布`,
    en: (p) => `The ${p.year ?? ''} scheme is not published yet`,
  },
  REDLIGHT_NOT_EDITABLE: {
    status: 409,
    'zh-CN': (p) => `该红灯说明当前状态为“${p.status ?? ''}”，不能进行此操作`,
    en: (p) => `This red-light item is ${p.status ?? ''}; that action is not possible now`,
  },
  // --- issue 6 errors (evaluation) ---
  EVALUATION_NO_SCHEME: {
    status: 409,
    'zh-CN': (p) => `${p.year ?? ''} 年度考核方案没有综合评价部分（或尚无方案），请先在方案中设置评议组`,
    en: (p) =>
      `The ${p.year ?? ''} scheme has no comprehensive evaluation (or there is no scheme); add rater groups first`,
  },
  EVALUATION_STATE: {
    status: 409,
    'zh-CN': (p) =>
      `评议活动当前为「${p.status === 'open' ? '投票中' : p.status === 'closed' ? '已结束' : '草稿'}」，不能执行此操作`,
    en: (p) => `The campaign is ${p.status ?? ''}; this cannot be done now`,
  },
  EVALUATION_YEAR_TAKEN: {
    status: 409,
    'zh-CN': (p) => `${p.year ?? ''} 年度已有进行中或已结束的评议活动`,
    en: (p) => `${p.year ?? ''} already has an open or closed evaluation campaign`,
  },
  EVALUATION_NOT_CLOSED: {
    status: 409,
    'zh-CN': () => '投票结束后才能查看计票结果',
    en: () => 'The tally is shown only once voting has closed',
  },
  EVALUATION_RATER_GROUP_UNKNOWN: {
    status: 400,
    'zh-CN': (p) => `评议组 ${p.id ?? ''} 不存在`,
    en: (p) => `No rater group ${p.id ?? ''}`,
  },
  EVALUATION_TOO_MANY_CODES: {
    status: 400,
    'zh-CN': (p) => `一次最多生成 ${p.max ?? ''} 个评议码`,
    en: (p) => `At most ${p.max ?? ''} codes at a time`,
  },
  EVALUATION_CODES_UNKNOWN: {
    status: 400,
    'zh-CN': () => '清单中有不属于本评议活动的评议码',
    en: () => 'The list holds codes that do not belong to this campaign',
  },
  EVALUATION_POOL_KEY: {
    status: 409,
    'zh-CN': (p) =>
      `有 ${p.count ?? ''} 张已受理的选票由另一把密钥封存，当前密钥无法打开；请配置受理时使用的 BALLOT_POOL_KEY（或审计签名密钥）后再计票`,
    en: (p) =>
      `${p.count ?? ''} accepted ballots were sealed under another key; set the BALLOT_POOL_KEY (or audit signing key) they were accepted with, then close again`,
  },
  VOTE_CODE_UNKNOWN: {
    status: 404,
    'zh-CN': () => '评议码不正确，请核对后重新输入',
    en: () => 'Unknown voting code; check it and try again',
  },
  VOTE_CODE_USED: {
    status: 409,
    'zh-CN': () => '该评议码已使用过，每个评议码只能投一次票',
    en: () => 'This code has already been used; each code casts one ballot',
  },
  VOTE_CAMPAIGN_CLOSED: {
    status: 409,
    'zh-CN': () => '本次评议已结束，不能再投票',
    en: () => 'This evaluation has closed; voting is over',
  },
  VOTE_CAMPAIGN_NOT_OPEN: {
    status: 409,
    'zh-CN': () => '本次评议尚未开始投票',
    en: () => 'Voting has not started yet',
  },
  VOTE_BALLOT_INVALID: {
    status: 400,
    'zh-CN': () => '选票不符合评议规则，请按提示修改',
    en: () => 'The ballot breaks the evaluation rules; see the details',
  },
  // --- issue 7 errors (year-end) ---
  RESULTS_NOT_COMPUTED: {
    status: 409,
    'zh-CN': (p) => `${p.year ?? ''} 年度考核结果尚未计算，请先计算`,
    en: (p) => `The ${p.year ?? ''} results have not been computed yet; compute them first`,
  },
  RESULTS_BLOCKED: {
    status: 409,
    'zh-CN': (p) => `还有 ${p.count ?? ''} 项阻断问题（数据不完整等），处理后重新计算`,
    en: (p) => `${p.count ?? ''} blocking problem(s) remain (incomplete inputs …); resolve them and compute again`,
  },
  RESULTS_INPUTS_CHANGED: {
    status: 409,
    'zh-CN': () => '计算之后考核数据已有变化，原审定失效，请重新计算并报领导审定',
    en: () =>
      'The inputs changed after the results were computed; the approval is void. Compute again and have it approved',
  },
  RESULTS_NOT_APPROVED: {
    status: 409,
    'zh-CN': (p) => `${p.year ?? ''} 年度考核结果尚未经领导审定，不能发布`,
    en: (p) => `The ${p.year ?? ''} results have not been approved by a leader; they cannot be published`,
  },
  RESULTS_WRONG_STATE: {
    status: 409,
    'zh-CN': (p) => `${p.year ?? ''} 年度考核结果当前状态（${p.status ?? ''}）不允许此操作`,
    en: (p) => `The ${p.year ?? ''} results are ${p.status ?? ''}; this action is not possible now`,
  },
  RESULTS_ALREADY_PUBLISHED: {
    status: 409,
    'zh-CN': (p) => `${p.year ?? ''} 年度考核结果已发布；发布后的修改只能以更正（新版本）发布`,
    en: (p) => `The ${p.year ?? ''} results are already published; later changes are published as a correction`,
  },
  RESULTS_NOT_PUBLISHED: {
    status: 409,
    'zh-CN': (p) => `${p.year ?? ''} 年度考核结果尚未发布`,
    en: (p) => `The ${p.year ?? ''} results have not been published`,
  },
  RESULTS_REASON_REQUIRED: {
    status: 400,
    'zh-CN': () => '更正须写明原因',
    en: () => 'A correction needs a reason',
  },
  // issue 13: results governance (tie decisions, correction drafts)
  RESULTS_TIE_UNDECIDED: {
    status: 409,
    'zh-CN': (p) => `还有 ${p.count ?? ''} 处等次边界同分待领导小组决定，记录决定后才能审定：${p.ties ?? ''}`,
    en: (p) =>
      `${p.count ?? ''} boundary tie(s) wait for the leadership group's decision; record it before approving: ${p.ties ?? ''}`,
  },
  TIE_NOT_FOUND: {
    status: 409,
    'zh-CN': () => '当前预览中该等次边界没有待决定的同分，请重新计算后再试',
    en: () => 'The current preview has no tie waiting for a decision at this boundary; compute again and retry',
  },
  TIE_ORDER_INVALID: {
    status: 400,
    'zh-CN': (p) => `决定的顺序须把同分单位（${p.units ?? ''}）各列一次`,
    en: (p) => `The decided order must list each tied unit (${p.units ?? ''}) exactly once`,
  },
  CORRECTION_WRONG_STATE: {
    status: 409,
    'zh-CN': (p) => `该更正当前状态（${p.status ?? ''}）不允许此操作`,
    en: (p) => `This correction is ${p.status ?? ''}; this action is not possible now`,
  },
  CORRECTION_NOT_APPROVED: {
    status: 409,
    'zh-CN': () => '更正尚未经领导审定，不能发布',
    en: () => 'The correction has not been approved by a leader; it cannot be published',
  },
  // issue 7, helper E (feedback, appeals, rectification, results use)
  YEAR_NOT_PUBLISHED: {
    status: 404,
    'zh-CN': (p) => `${p.year ?? ''} 年度考核结果尚未发布`,
    en: (p) => `The results of ${p.year ?? ''} are not published yet`,
  },
  APPEAL_WINDOW_CLOSED: {
    status: 409,
    'zh-CN': (p) => `申诉期已于 ${p.lastDay ?? ''} 结束（结果发布后 ${p.days ?? ''} 日内可申诉）`,
    en: (p) => `The appeal window closed on ${p.lastDay ?? ''} (appeals within ${p.days ?? ''} days of publication)`,
  },
  APPEAL_DUPLICATE: {
    status: 409,
    'zh-CN': () => '本单位对该事项已有待处理的申诉，请等待考核办答复',
    en: () => 'Your unit already has a pending appeal on this; wait for the office to answer it',
  },
  APPEAL_ALREADY_ANSWERED: {
    status: 409,
    'zh-CN': () => '该申诉已答复，不能再次处理',
    en: () => 'This appeal has already been answered',
  },
  RECTIFICATION_STATE: {
    status: 409,
    'zh-CN': (p) => `整改事项当前状态为「${p.status ?? ''}」，不能执行此操作`,
    en: (p) => `The rectification item is "${p.status ?? ''}"; this action is not possible now`,
  },
  // --- issue 13: records must match the scheme ---
  RECORD_NOT_IN_SCHEME: {
    status: 400,
    'zh-CN': (p) => `记录与 ${p.year ?? ''} 年考核方案不符：${p.zh ?? ''}`,
    en: (p) => `The record does not match the ${p.year ?? ''} scheme: ${p.en ?? ''}`,
  },
  RECORD_NOT_PROVIDED: {
    status: 403,
    'zh-CN': (p) =>
      `${p.rule ? `本单位不是“${p.rule}”的数据提供单位，` : '请选择规则：'}只能录入 ${p.year ?? ''} 年方案中由本单位提供数据的规则（${p.rules ?? ''}）的记录`,
    en: (p) =>
      `${p.rule ? `Your unit does not provide the data of "${p.rule}"; ` : 'Choose a rule: '}you may enter records of the ${p.year ?? ''} rules it provides (${p.rules ?? ''}) only`,
  },
  RECORD_NO_SCHEME: {
    status: 400,
    'zh-CN': (p) => `${p.year ?? ''} 年还没有考核方案；记录须对应方案中的加分类别、扣分规则或否决事项，请先制定方案`,
    en: (p) =>
      `There is no scheme for ${p.year ?? ''} yet; a record must name a bonus category, deduction rule or veto item of the year's scheme`,
  },
  // --- issue 20 (R32, R33, R35): negotiations with the city, shared tasks, cadre files ---
  NEGOTIATION_PAST_DEADLINE: {
    status: 409,
    'zh-CN': (p) =>
      `市里规定的目标协商截止日期是 ${p.deadline ?? ''}，${p.day ?? ''} 已过截止日期，不能再新增协商或沟通记录`,
    en: (p) => `The city's deadline for target negotiation was ${p.deadline ?? ''}; ${p.day ?? ''} is past it`,
  },
  NEGOTIATION_CLOSED: {
    status: 409,
    'zh-CN': () => '该指标的目标协商已有结果，不能再修改或新增沟通记录',
    en: () => 'This negotiation already has an outcome; it cannot be changed',
  },
  NEGOTIATION_DUPLICATE: {
    status: 409,
    'zh-CN': () => '本单位已就该市考指标登记过目标协商，请在原记录中继续',
    en: () => 'Your unit already has a negotiation for this city indicator; continue it',
  },
  SHARES_INVALID: {
    status: 400,
    'zh-CN': (p) => `共担任务的份额设置有误：${p.zh ?? ''}`,
    en: (p) => `The shares of the shared task are invalid: ${p.en ?? ''}`,
  },
  DISPUTE_STATE: {
    status: 409,
    'zh-CN': () => '该异议已经裁定，不能重复裁定',
    en: () => 'This dispute has already been ruled on',
  },
  CADRE_TERM_OVERLAP: {
    status: 409,
    'zh-CN': (p) =>
      `任职时间重叠：${p.unit ?? ''}「${p.post ?? ''}」在 ${p.from ?? ''} 至 ${p.to ?? ''} 已由 ${p.name ?? ''} 担任，同一职务同一时间只能有一人`,
    en: (p) =>
      `Overlapping dates in post: "${p.post ?? ''}" of ${p.unit ?? ''} is held by ${p.name ?? ''} from ${p.from ?? ''} to ${p.to ?? ''}`,
  },
  // --- issue 17: the periodic rankings a `rankPlaces` rule reads (modules/rankings) ---
  RANKING_NOT_IN_SCHEME: {
    status: 400,
    'zh-CN': (p) => `${p.year ?? ''} 年考核方案中没有读取排名“${p.ranking ?? ''}”的扣分规则；${p.zh ?? ''}`,
    en: (p) => `No deduction rule of the ${p.year ?? ''} scheme reads the ranking "${p.ranking ?? ''}"; ${p.en ?? ''}`,
  },
  RANKING_INVALID: {
    status: 400,
    'zh-CN': (p) => `排名数据有误：${p.zh ?? ''}`,
    en: (p) => `The ranking is invalid: ${p.en ?? ''}`,
  },
  RANKING_PERIOD_EXISTS: {
    status: 409,
    'zh-CN': (p) => `该排名已录入 ${p.period ?? ''} 期，请修改原来的一期`,
    en: (p) => `The period ${p.period ?? ''} of this ranking is already entered; change it instead`,
  },
  RANKINGS_YEAR_PUBLISHED: {
    status: 409,
    'zh-CN': (p) => `${p.year ?? ''} 年度考核结果已发布，排名数据不能再修改；如需更正，请先起草更正`,
    en: (p) => `The ${p.year ?? ''} results are published; rankings are frozen unless a correction is open`,
  },
} satisfies Record<string, Message>;

export type ErrorCode = keyof typeof catalogue;

export interface ErrorDetail {
  path: string;
  message: string;
  /** The message in each language, when it is built from data (e.g. the valid choices); wins over `message`. */
  messages?: Record<Locale, string>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Params;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, params: Params = {}, details?: ErrorDetail[]) {
    super(catalogue[code].en(params));
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.details = details;
  }

  get status(): number {
    return catalogue[this.code].status;
  }

  localized(locale: Locale): string {
    return catalogue[this.code][locale](this.params);
  }
}

export function notFound(entity: string, entityEn: string): AppError {
  return new AppError('NOT_FOUND', { entity, entityEn });
}

export function localeFrom(acceptLanguage: string | undefined): Locale {
  return acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}
