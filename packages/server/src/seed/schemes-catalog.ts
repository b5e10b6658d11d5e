/**
 * The demo county's indicator catalogue, drawn from the speech: party building (党建), economic development,
 * city plenary targets (市委全会目标), government work report targets, leader instructions (领导批示), the three
 * tough battles, and each unit's own main function (特色指标). One line per indicator:
 * `code|name|method|assessor unit code|source: c central, k city key, p city plenary, w work report,
 * l leader instruction, x county|k key or r routine|data source|target`.
 */

/** Party building for the townships, assessed by the Organization Department (DQ02). */
export const TOWNSHIP_PARTY = `
theory|学习贯彻习近平新时代中国特色社会主义思想|grade|DQ02|c|k|县委组织部：理论学习中心组学习记录抽查
ideology|落实意识形态工作责任制|grade|DQ03|c|k|县委宣传部：意识形态工作专项检查
tworules|“两个维护”教育和政治纪律执行|manual|DQ02|c|k|县委组织部：政治建设专项督查
branch|基层党组织标准化规范化建设达标率|ratio|DQ02|k|k|县委组织部：基层党建工作台账|95
weak|软弱涣散村党组织整顿转化|binary|DQ02|k|k|县委组织部：软弱涣散党组织整顿销号清单
members|发展党员质量和党员教育管理|grade|DQ02|x|r|县委组织部：党员信息管理系统
cadres|村“两委”干部队伍建设|manual|DQ02|x|r|县委组织部：村干部履职评议结果
collective|村级集体经济收入|steps|DQ02|k|k|县农业农村局：村级集体经济统计报表|10
strict|落实全面从严治党主体责任|grade|DQ02|c|k|县纪委监委：主体责任落实情况检查
eight|落实中央八项规定精神|deduction|DQ02|c|k|县纪委监委：违反八项规定精神问题通报
formalism|整治形式主义官僚主义|deduction|DQ02|c|r|县委督查室：基层减负监测点反馈
civil|新时代文明实践所站建设|binary|DQ03|c|r|县委宣传部：新时代文明实践中心验收记录
`;

/** Economic development of the townships (发改局 ZF02, 财政局 ZF08, 统计局 ZF22 …). */
export const TOWNSHIP_DEV = `
revenue|一般公共预算收入|ratio|ZF08|w|k|县财政局：财政收入月报（乡镇级次）|3000
tax|税收收入占一般公共预算收入比重|goalposts|ZF08|w|r|县税务局：税收收入分级次统计|80
invest|固定资产投资增速|steps|ZF02|p|k|县统计局：固定资产投资统计联网直报|10
project|县级重点项目投资完成率|ratio|ZF02|p|k|县发改局：重点项目调度台账|100
industry|规模以上工业增加值增速|steps|ZF04|p|k|县统计局：规模以上工业统计月报|8
newfirm|新增规模以上工业企业|rank|ZF04|w|k|县工信局：新增规上企业入库名单
attract|招商引资实际到位资金|ratio|ZF15|p|k|县商务局：招商引资项目到位资金核定表|50000
retail|社会消费品零售总额增速|formula|ZF15|w|r|县统计局：限额以上商贸企业统计|9
income|农村常住居民人均可支配收入增速|formula|ZF14|p|k|国家统计局示范县调查队：住户收支调查|9
grain|粮食播种面积和产量|goalposts|ZF14|c|r|县农业农村局：粮食生产统计年报|100
farmland|高标准农田建设任务完成率|ratio|ZF14|w|k|县农业农村局：高标准农田建设上图入库清单|100
tourism|乡村旅游接待人次|topRatio|ZF16|x|r|县文旅局：乡村旅游监测点统计
`;

/** Key work of the townships: city plenary targets, work report targets, leader instructions, three battles. */
export const TOWNSHIP_KEY = `
revival|乡村振兴示范村创建|steps|ZF14|p|k|县农业农村局：乡村振兴示范村验收评分|90
living|农村人居环境整治三年行动|grade|ZF11|p|k|县住建局：农村人居环境整治季度暗访
air|大气污染防治（秸秆禁烧、散煤治理）|deduction|CG02|p|k|市生态环境局示范县分局：卫星火点与散煤巡查通报
river|河长制湖长制落实|deduction|ZF13|p|k|县水利局：河湖“四乱”问题清单
poverty|脱贫攻坚成果巩固|grade|ZF14|c|k|县扶贫开发领导小组：脱贫攻坚成效考核
gang|扫黑除恶专项斗争|grade|DQ05|c|k|县委政法委：扫黑除恶专项斗争督导评估
safety|安全生产|deduction|ZF19|w|k|县应急管理局：生产安全事故统计与隐患整改
petition|信访稳定|deduction|DQ05|x|k|县信访局：越级访、重复访统计
practical|县政府十件民生实事完成率|ratio|ZF01|w|k|县政府办：民生实事推进台账|100
road|“四好农村路”建设|ratio|ZF12|w|k|县交通运输局：农村公路建设计量支付台账|100
instruct|领导批示事项办结率|ratio|DQ01|l|k|县委督查室：领导批示件办理台账|100
supervise|县委县政府督查事项落实|grade|ZF01|l|k|县政府督查室：督查事项办理情况通报
cityeval|市对县考核指标承接|upper|DQ02|p|k|市考核办：市对县年度考核结果
clean|基层小微权力监督|manual|DQ02|c|k|县纪委监委：小微权力清单运行检查
`;

/** Social undertakings of the townships. */
export const TOWNSHIP_SOCIAL = `
pension|城乡居民基本养老保险参保率|goalposts|ZF09|w|r|县人社局：城乡居民养老保险参保统计|98
medical|城乡居民基本医疗保险参保率|goalposts|ZF23|w|r|县医保局：城乡居民医保参保统计|97
jobs|农村劳动力转移就业|ratio|ZF09|w|r|县人社局：农村劳动力转移就业实名制台账|1200
school|控辍保学|deduction|ZF03|c|r|县教育局：义务教育学生辍学动态监测
veterans|退役军人服务站规范化建设|binary|ZF18|x|r|县退役军人事务局：服务站验收记录
food|食品安全|deduction|ZF21|c|r|县市场监管局：食品安全抽检与事故通报
`;

/** Each township's own feature work (特色指标), one per township. */
export const TOWNSHIP_FEATURES = [
  '老城区有机更新',
  '东城工业园区扩区',
  '西城物流园区建设',
  '南湖湿地保护与生态旅游',
  '北山矿山生态修复',
  '青石石材产业转型',
  '白水特色水产养殖',
  '长岭林果产业基地',
  '桃源田园综合体',
  '柳河滨水风光带',
  '新兴高效设施农业',
  '石门红色旅游',
  '龙泉中药材种植',
  '红旗现代牧业',
  '永安农产品电商',
  '太平古镇保护利用',
  '双河稻渔综合种养',
  '金沙光伏扶贫电站',
];

/** Party building of the county departments, assessed by the organ working committee (DQ07). */
export const DEPT_PARTY = `
theory|党组（党委）理论学习中心组学习|grade|DQ07|c|k|县直机关工委：中心组学习记录抽查
ideology|落实意识形态工作责任制|grade|DQ03|c|k|县委宣传部：意识形态工作专项检查
tworules|“两个维护”教育和政治纪律执行|manual|DQ07|c|k|县直机关工委：政治建设专项督查
branch|机关党支部标准化规范化建设|grade|DQ07|k|k|县直机关工委：党支部建设达标验收
threesessions|“三会一课”制度落实|binary|DQ07|x|r|县直机关工委：智慧党建平台记录
members|党员教育管理和发展党员|grade|DQ07|x|r|县直机关工委：党员信息管理系统
strict|落实全面从严治党主体责任|grade|DQ07|c|k|县纪委监委：主体责任落实情况检查
eight|落实中央八项规定精神|deduction|DQ07|c|k|县纪委监委：违反八项规定精神问题通报
risk|廉政风险防控|binary|DQ07|c|r|县纪委监委派驻纪检组：廉政风险点排查清单
formalism|整治形式主义官僚主义|deduction|DQ07|c|r|县委督查室：基层减负监测点反馈
inspect|巡察反馈问题整改|ratio|DQ07|c|k|县委巡察办：巡察整改销号台账|100
civil|文明单位创建|grade|DQ03|x|r|县文明办：文明单位测评结果
united|统一战线工作|binary|DQ04|x|r|县委统战部：统战工作任务清单
mass|群团工作（工会、共青团、妇联）|manual|DQ09|x|r|县总工会：群团工作联席会议记录
`;

/** Common work of the party and mass departments (县委办 DQ01 assesses, as the speech assigns). */
export const PARTY_WORK = `
duty|履行部门职责和服务全县大局|grade|DQ01|x|k|县委办：部门履职情况年度评议
research|调查研究成果转化|manual|DQ06|x|k|县委政研室：调研报告采用情况
info|党委信息报送采用|topRatio|DQ01|x|r|县委办：信息采用情况通报
supervise|县委督查事项办理|grade|DQ01|l|k|县委督查室：督查事项办理情况通报
instruct|领导批示事项办结率|ratio|DQ01|l|k|县委督查室：领导批示件办理台账|100
proposals|人大代表建议和政协提案办理|ratio|DQ01|x|r|县人大常委会、县政协：建议提案办理满意度测评|100
secrecy|保密工作|deduction|DQ01|c|r|县保密局：保密检查通报
archives|档案工作|binary|DQ01|x|r|县档案馆：档案工作年度检查
petition|信访稳定|deduction|DQ05|x|k|县信访局：越级访、重复访统计
safety|安全生产和消防安全|deduction|ZF19|x|r|县应急管理局：机关安全检查记录
civilserv|机关效能和作风建设|manual|DQ07|x|r|县直机关工委：机关作风暗访
budget|预算执行进度|steps|ZF08|w|r|县财政局：国库集中支付系统|90
audit|审计发现问题整改|ratio|ZF20|x|r|县审计局：审计整改跟踪台账|100
`;

/** Key work of the party and mass departments. */
export const PARTY_KEY = `
plenary|市委全会目标任务落实|steps|DQ01|p|k|市委督查室：全会目标任务分解落实台账|100
citykey|市委“六项重点工作”承接|grade|DQ01|k|k|县委办：市委重点工作推进情况通报
cityeval|市对县考核指标承接|upper|DQ02|p|k|市考核办：市对县年度考核结果
revival|包村帮扶和乡村振兴|grade|ZF14|c|k|县乡村振兴局：驻村帮扶考核
poverty|脱贫攻坚定点帮扶|binary|ZF14|c|k|县扶贫开发领导小组：定点帮扶任务清单
gang|扫黑除恶专项斗争|grade|DQ05|c|k|县委政法委：扫黑除恶专项斗争督导评估
reform|全面深化改革任务|ratio|DQ01|k|k|县委深改办：改革任务台账|100
governance|基层社会治理|manual|DQ05|k|k|县委政法委：网格化服务管理平台
`;

/** Common work of the government departments (县政府办 ZF01 assesses). */
export const GOV_WORK = `
law|依法行政|grade|ZF07|c|r|县司法局：行政执法案卷评查
open|政务公开|topRatio|ZF01|c|r|县政府办：政务公开第三方测评
service|“最多跑一次”政务服务|steps|ZF01|w|k|县政务服务中心：一网通办平台办件统计|95
business|优化营商环境|rank|ZF02|p|k|县发改局：营商环境评价|
proposals|人大代表建议和政协提案办理|ratio|ZF01|x|r|县人大常委会、县政协：建议提案办理满意度测评|100
budget|预算执行进度|steps|ZF08|w|r|县财政局：国库集中支付系统|90
audit|审计发现问题整改|ratio|ZF20|x|r|县审计局：审计整改跟踪台账|100
safety|安全生产|deduction|ZF19|w|k|县应急管理局：行业领域安全生产检查
petition|信访稳定|deduction|DQ05|x|k|县信访局：越级访、重复访统计
stats|统计数据质量|deduction|ZF22|x|r|县统计局：统计执法检查
`;

/** Key work of the government departments. */
export const GOV_KEY = `
plenary|市委全会目标任务落实|steps|ZF01|p|k|市委督查室：全会目标任务分解落实台账|100
report|政府工作报告目标任务完成率|ratio|ZF01|w|k|县政府办：政府工作报告任务分解台账|100
practical|县政府十件民生实事|binary|ZF01|w|k|县政府办：民生实事推进台账
instruct|领导批示事项办结率|ratio|ZF01|l|k|县政府督查室：领导批示件办理台账|100
supervise|县政府督查事项落实|grade|ZF01|l|k|县政府督查室：督查事项办理情况通报
cityeval|市对县考核指标承接|upper|DQ02|p|k|市考核办：市对县年度考核结果
project|分管领域重点项目推进|ratio|ZF02|p|k|县发改局：重点项目调度台账|100
attract|招商引资|ratio|ZF15|p|k|县商务局：招商引资项目到位资金核定表|100
poverty|行业扶贫和脱贫攻坚|grade|ZF14|c|k|县扶贫开发领导小组：行业扶贫考核
gang|行业领域扫黑除恶|grade|DQ05|c|k|县委政法委：扫黑除恶专项斗争督导评估
ecology|生态环境保护责任|deduction|CG02|c|k|市生态环境局示范县分局：环保督察问题清单
growth|分管领域主要经济指标增速|formula|ZF22|p|k|县统计局：部门统计年报|8
`;

/** Work of the vertically managed and other units: serving the county's development. */
export const VERTICAL_WORK = `
serve|服务县域经济发展|grade|ZF01|x|k|县政府办：服务发展情况评议
business|优化营商环境|rank|ZF02|p|k|县发改局：营商环境评价
cooperate|配合县委县政府中心工作|manual|ZF01|x|k|县政府办：中心工作配合情况记录
petition|信访稳定|deduction|DQ05|x|k|县信访局：越级访、重复访统计
safety|安全生产|deduction|ZF19|w|k|县应急管理局：行业领域安全生产检查
proposals|人大代表建议和政协提案办理|ratio|ZF01|x|r|县人大常委会、县政协：建议提案办理满意度测评|100
open|政务公开|topRatio|ZF01|c|r|县政府办：政务公开第三方测评
report|政府工作报告涉及任务|ratio|ZF01|w|k|县政府办：政府工作报告任务分解台账|100
instruct|领导批示事项办结率|ratio|ZF01|l|k|县政府督查室：领导批示件办理台账|100
poverty|定点帮扶和脱贫攻坚|binary|ZF14|c|k|县扶贫开发领导小组：定点帮扶任务清单
gang|行业领域扫黑除恶|grade|DQ05|c|k|县委政法委：扫黑除恶专项斗争督导评估
cityeval|上级系统考核结果|upper|ZF01|k|k|上级主管部门：系统内年度考核结果通报
`;

/** Each department's main function (特色指标): [unit code, indicator, method, target]. */
export const PARTY_FEATURES: [string, string][] = [
  ['DQ01', '以文辅政和统筹协调'],
  ['DQ02', '干部队伍建设和人才工作'],
  ['DQ03', '宣传思想文化工作'],
  ['DQ04', '统一战线和民族宗教工作'],
  ['DQ05', '平安建设和政法工作'],
  ['DQ06', '决策咨询和政策研究'],
  ['DQ07', '机关党建工作'],
  ['DQ08', '干部教育培训'],
  ['DQ09', '职工维权和劳动竞赛'],
  ['DQ10', '青少年思想引领和志愿服务'],
  ['DQ11', '妇女儿童权益保障'],
  ['DQ12', '科普工作和公民科学素质提升'],
];

export const GOV_FEATURES: [string, string][] = [
  ['ZF01', '政务服务和综合协调'],
  ['ZF02', '重点项目谋划和争取上级资金'],
  ['ZF03', '义务教育优质均衡发展'],
  ['ZF04', '工业经济运行和技术改造'],
  ['ZF05', '社会治安防控和打击犯罪'],
  ['ZF06', '社会救助和养老服务'],
  ['ZF07', '法治政府建设和公共法律服务'],
  ['ZF08', '财政收支管理和债务风险防控'],
  ['ZF09', '就业创业和社会保险扩面'],
  ['ZF10', '国土空间规划和耕地保护'],
  ['ZF11', '城市建设和保障性安居工程'],
  ['ZF12', '交通基础设施建设'],
  ['ZF13', '水利工程建设和河湖管理'],
  ['ZF14', '农业生产和乡村振兴'],
  ['ZF15', '招商引资和外贸稳增长'],
  ['ZF16', '全域旅游和公共文化服务'],
  ['ZF17', '公立医院改革和公共卫生'],
  ['ZF18', '退役军人服务保障'],
  ['ZF19', '安全生产监管和应急救援'],
  ['ZF20', '审计监督全覆盖'],
  ['ZF21', '食品药品安全监管'],
  ['ZF22', '统计调查和数据质量'],
  ['ZF23', '医保基金监管'],
];

export const VERTICAL_FEATURES: [string, string][] = [
  ['CG01', '税收征管和减税降费'],
  ['CG02', '污染防治攻坚'],
  ['CG03', '气象预警和防灾减灾服务'],
  ['CG04', '卷烟市场监管和专卖管理'],
  ['CG05', '电网建设和供电保障'],
  ['CG06', '火灾防控和应急救援'],
];

/**
 * 2018's routine items that every township completed (R10/R25: they gave everyone full marks and are
 * cancelled in 2019). Two of them overlap (the year-end summary reported twice, one ledger check for two items):
 * the speech's 内容重叠繁杂, which validation shows as warnings.
 */
export const TOWNSHIP_2018_ROUTINE = `
plan|制定年度工作方案|binary|DQ01|x|r|县委办：年度工作方案报备
summary|按时报送年度工作总结|binary|DQ01|x|r|县委办：年度总结报送登记
meeting|召开专题部署会议|binary|ZF01|x|r|县政府办：会议纪要报备
ledger|建立工作台账|binary|ZF01|x|r|县政府办：工作台账检查
infosys|落实信息报送制度|binary|DQ01|x|r|县委办：信息报送登记
training|组织干部业务培训|binary|DQ02|x|r|县委组织部：培训签到表
publicity|开展政策宣传活动|binary|DQ03|x|r|县委宣传部：宣传活动登记
duty|落实值班值守制度|binary|ZF01|x|r|县政府办：工作台账检查
summary2|按时报送年度工作总结报告|binary|ZF01|x|r|县政府办：年度总结报送登记
`;

/** More common work of the party and mass departments. */
export const PARTY_MORE = `
news|新闻宣传和对外宣传|topRatio|DQ03|x|r|县委宣传部：外宣稿件刊发统计
netsafe|网络安全和网络意识形态|deduction|DQ03|c|r|县委网信办：网络安全检查通报
staffing|机构编制执行|binary|DQ02|x|r|县委编办：机构编制核查
talent|人才引进和培养|ratio|DQ02|k|k|县委人才办：人才引进登记|100
civilcity|全国文明城市创建任务|grade|DQ03|k|k|县文明办：创城责任区测评
doublesupport|双拥共建|binary|ZF18|x|r|县双拥办：双拥工作检查
energy|公共机构节能|goalposts|ZF01|x|r|县机关事务中心：公共机构能耗统计|100
volunteer|志愿服务活动|topRatio|DQ10|x|r|县志愿服务平台：志愿服务时长统计
ruleoflaw|法治宣传和普法|grade|ZF07|c|r|县司法局：普法责任制考评
mechreform|机构改革后职能运行|manual|DQ02|k|k|县委编办：机构改革评估报告
flood|防汛抗旱包保责任|binary|ZF13|x|r|县防汛抗旱指挥部：包保责任落实检查
grassroots|抓党建促基层治理联系点|grade|DQ02|k|k|县委组织部：联系点工作评估
hotline|12345热线工单办理|ratio|ZF01|w|r|县12345热线中心：工单办结率统计|95
`;

/** Service duties of the vertically managed and other units. */
export const VERTICAL_MORE = `
law|依法行政|grade|ZF07|c|r|县司法局：行政执法案卷评查
service|“最多跑一次”政务服务|steps|ZF01|w|k|县政务服务中心：一网通办平台办件统计|95
stats|统计数据质量|deduction|ZF22|x|r|县统计局：统计执法检查
plenary|市委全会目标任务落实|steps|ZF01|p|k|市委督查室：全会目标任务分解落实台账|100
practical|县政府十件民生实事|binary|ZF01|w|k|县政府办：民生实事推进台账
supervise|县政府督查事项落实|grade|ZF01|l|k|县政府督查室：督查事项办理情况通报
ecology|生态环境保护责任|deduction|CG02|c|k|市生态环境局示范县分局：环保督察问题清单
project|服务县级重点项目|ratio|ZF02|p|k|县发改局：重点项目调度台账|100
hotline|12345热线工单办理|ratio|ZF01|w|r|县12345热线中心：工单办结率统计|95
credit|社会信用体系建设|grade|ZF02|c|r|县发改局：信用信息归集统计
datashare|政务数据共享|ratio|ZF01|w|r|县大数据中心：数据目录挂接统计|100
random|“双随机、一公开”监管|goalposts|ZF21|c|r|县市场监管局：双随机抽查系统|100
privatefirm|服务民营企业和中小企业|manual|ZF04|w|k|县工信局：企业服务台账
flood|防汛抗旱和防灾减灾|binary|ZF19|x|r|县防汛抗旱指挥部：包保责任落实检查
forestfire|森林防火|deduction|ZF10|x|r|县自然资源局：森林火情通报
village|驻村帮扶|grade|ZF14|c|k|县乡村振兴局：驻村帮扶考核
talent|人才引进和培养|ratio|DQ02|k|r|县委人才办：人才引进登记|100
civilcity|全国文明城市创建任务|grade|DQ03|k|k|县文明办：创城责任区测评
doublesupport|双拥共建|binary|ZF18|x|r|县双拥办：双拥工作检查
energy|公共机构节能|goalposts|ZF01|x|r|县机关事务中心：公共机构能耗统计|100
volunteer|志愿服务活动|topRatio|DQ10|x|r|县志愿服务平台：志愿服务时长统计
secrecy|保密工作|deduction|DQ01|c|r|县保密局：保密检查通报
archives|档案工作|binary|DQ01|x|r|县档案馆：档案工作年度检查
audit|审计发现问题整改|ratio|ZF20|x|r|县审计局：审计整改跟踪台账|100
netsafe|网络安全|deduction|DQ03|c|r|县委网信办：网络安全检查通报
info|政务信息报送采用|topRatio|ZF01|x|r|县政府办：政务信息采用通报
revival|乡村振兴行业支持项目|steps|ZF14|p|k|县乡村振兴局：行业支持项目台账|100
`;
