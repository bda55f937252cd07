/**
 * Code sets of GB/T 39046-2020 Appendix A (政务服务事项基本目录及实施清单 编码要求).
 * Each set maps the official code to its Chinese label; UI translations live in web/src/i18n.
 */
export const ITEM_TYPES = {
  '00': '行政权力',
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
} as const;
export type ItemType = keyof typeof ITEM_TYPES;

export const EXERCISE_LEVELS = {
  '1': '国家级',
  '2': '省级',
  '3': '市级',
  '4': '县级',
  '5': '乡镇/街道级',
  '6': '村/社区级',
  '7': '分级管理',
} as const;
export type ExerciseLevel = keyof typeof EXERCISE_LEVELS;

export const ORG_NATURES = {
  '1': '法定机关',
  '2': '授权组织',
  '3': '受委托组织',
  '9': '其他',
} as const;
export type OrgNature = keyof typeof ORG_NATURES;

export const AUDIENCES = {
  '1': '自然人',
  '2': '企业法人',
  '3': '事业法人',
  '4': '社会组织法人',
  '5': '行政机关',
  '6': '其他组织',
} as const;
export type Audience = keyof typeof AUDIENCES;
/** Audiences served by 个人办事 (natural persons); the rest are 法人办事. */
export const PERSONAL_AUDIENCES: readonly Audience[] = ['1'];
export const LEGAL_PERSON_AUDIENCES: readonly Audience[] = ['2', '3', '4', '5', '6'];

export const CHANNELS = {
  '1': '窗口办理',
  '2': '电脑端网上办理',
  '3': '移动端办理',
  '4': '快递申请',
  '9': '其他',
} as const;
export type Channel = keyof typeof CHANNELS;

export const HANDLING_TYPES = {
  '1': '即办件',
  '2': '承诺件',
  '9': '其他',
} as const;
export type HandlingType = keyof typeof HANDLING_TYPES;

export const SPECIAL_PROCEDURES = {
  '1': '延长审批',
  '2': '其他（听证、专家评审、现场勘验等）',
} as const;
export type SpecialProcedure = keyof typeof SPECIAL_PROCEDURES;

export const SERVICE_SCOPES = {
  national: '全国通办',
  'cross-province': '跨省通办',
  province: '全省通办',
  city: '全市通办',
  county: '全县通办',
} as const;
export type ServiceScope = keyof typeof SERVICE_SCOPES;

/** 网上办理深度 (online handling depth), Ⅰ–Ⅳ; Ⅳ (全程网办) requires zero visits. */
export const ONLINE_DEPTHS = {
  '1': 'Ⅰ级 网上咨询/信息公开',
  '2': 'Ⅱ级 网上预审',
  '3': 'Ⅲ级 网上受理',
  '4': 'Ⅳ级 全程网办',
} as const;
export type OnlineDepth = keyof typeof ONLINE_DEPTHS;

export const MATERIAL_FORMS = {
  original: '原件',
  copy: '复印件',
  electronic: '电子材料',
} as const;
export type MaterialForm = keyof typeof MATERIAL_FORMS;

export const MATERIAL_SOURCES = {
  applicant: '申请人自备',
  issuer: '发证机关/政府部门核发',
  platform: '平台共享获取（免提交）',
} as const;
export type MaterialSource = keyof typeof MATERIAL_SOURCES;

export const TIME_UNITS = {
  'working-day': '工作日',
  'natural-day': '自然日',
  month: '月',
  year: '年',
} as const;
export type TimeUnit = keyof typeof TIME_UNITS;

/** Life-event topics (服务主题). Configurable per node later; these are the defaults shown on the portal. */
export const PERSONAL_TOPICS = [
  '生育收养', '户籍办理', '教育科研', '就业创业', '社会保障', '住房保障', '婚姻登记',
  '医疗卫生', '交通出行', '证件办理', '退休养老', '民族宗教', '死亡殡葬', '公积金',
] as const;
export const ENTERPRISE_TOPICS = [
  '设立变更', '准营准办', '资质认证', '年检年审', '税收财务', '人力资源', '工程建设',
  '食品药品', '交通运输', '环保绿化', '知识产权', '注销清算',
] as const;
export const TOPICS = [...PERSONAL_TOPICS, ...ENTERPRISE_TOPICS] as const;

export const ITEM_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export function codeKeys<T extends Record<string, string>>(set: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(set) as [keyof T & string, ...(keyof T & string)[]];
}
