/**
 * Messages of the API, by key, in Simplified Chinese (default) and English; chosen from Accept-Language.
 */
export type Locale = 'zh-CN' | 'en';

const zh: Record<string, string> = {
  'problem.validation': '请求参数有误',
  'problem.validation.detail': '请按提示修改标出的字段后重新提交。',
  'problem.notFound': '未找到',
  'problem.routeNotFound': '请求的接口不存在',
  'problem.itemNotFound': '未找到该事项',
  'problem.organisationNotFound': '未找到该实施主体',
  'problem.unauthorized': '需要登录',
  'problem.unauthorized.detail': '请提供有效的管理令牌（Authorization: Bearer …）。',
  'problem.forbidden': '无权执行此操作',
  'problem.conflict': '操作冲突',
  'problem.payloadTooLarge': '请求体过大',
  'problem.unsupportedMediaType': '不支持的请求格式',
  'problem.badJson': '请求体不是有效的 JSON',
  'problem.internal': '系统繁忙，请稍后再试',
  'problem.idempotencyMismatch': '同一幂等键已用于不同的请求',
  'problem.itemExists': '该实施编码的事项已存在',
  'problem.noDraft': '该事项没有待发布的草稿',
  'problem.notPublished': '该事项未发布，无法撤销',
  'problem.alreadyWithdrawn': '该事项已撤销',
  'problem.codeChange': '实施编码不可修改',
  'problem.organisationExists': '该统一社会信用代码的单位已存在',
  'problem.rateLimited': '请求过于频繁',
  invalid_type: '类型不正确',
  invalid_value: '取值不在允许范围内',
  invalid_format: '格式不正确',
  too_small: '内容过短或数量不足',
  too_big: '内容过长或数量过多',
  unrecognized_keys: '包含不支持的字段',
  custom: '不符合要求',
  required: '必填',
  uscc: '统一社会信用代码无效（GB 32100 校验未通过）',
  regionCode: '行政区划代码应为6位数字（GB/T 2260）',
  'region.unknown': '行政区划代码不存在（GB/T 2260）',
  url: '网址格式不正确',
  phone: '电话号码格式不正确',
  'code.basic.shape': '基本编码应为12位数字',
  'code.basic.itemType': '基本编码中的事项类型代码无效',
  'code.implementation.length': '实施编码应为31位',
  'code.implementation.uscc': '实施编码前18位应为有效的统一社会信用代码',
  'code.implementation.level': '实施编码第19位应为有效的行使层级代码',
  'code.material.shape': '材料编码应为实施编码加3位序号（34位）',
  'code.material.prefix': '材料编码应以本事项的实施编码开头',
  'material.codeDuplicate': '材料编码重复',
  'material.sourceNote': '非申请人自备的材料须注明来源',
  'material.mayBeMissingOptional': '容缺仅适用于必要材料',
  'fee.basisRequired': '收费事项须填写收费依据',
  'fee.notCharged': '不收费事项不应填写金额',
  'item.implementationCode.basicMismatch': '实施编码后12位须与基本编码一致',
  'item.implementationCode.usccMismatch': '实施编码前18位须与实施主体的统一社会信用代码一致',
  'item.implementationCode.levelMismatch': '实施编码第19位须与行使层级一致',
  'item.itemType.basicMismatch': '事项类型须与基本编码中的类型代码一致',
  'item.promisedExceedsStatutory': '承诺办结时限不得超过法定办结时限',
  'item.immediateHasZeroLimit': '即办件的承诺办结时限应为0',
  'item.visitsReasonRequired': '到办事现场次数大于0时须说明原因',
  'item.fullOnlineZeroVisits': '全程网办（Ⅳ级）事项到现场次数须为0',
  'item.onlineUrlRequired': '支持网上办理的事项须填写办理地址',
  'item.onlineDepthWithoutOnline': '不支持网上办理的事项网办深度只能为Ⅰ级',
  'item.onlineChannelMissing': '支持网上办理的事项办理形式须包含网办渠道',
  'item.placeRequired': '含窗口办理的事项须填写办理地点',
  'item.organisationUnknown': '实施主体未登记，请先登记该单位',
  'item.organisationLevel': '行使层级与实施主体的层级不一致',
};

const en: Record<string, string> = {
  'problem.validation': 'Invalid request',
  'problem.validation.detail': 'Correct the fields listed and submit again.',
  'problem.notFound': 'Not found',
  'problem.routeNotFound': 'No such endpoint',
  'problem.itemNotFound': 'Service item not found',
  'problem.organisationNotFound': 'Organisation not found',
  'problem.unauthorized': 'Authentication required',
  'problem.unauthorized.detail': 'Provide a valid administrator token (Authorization: Bearer …).',
  'problem.forbidden': 'Forbidden',
  'problem.conflict': 'Conflict',
  'problem.payloadTooLarge': 'Request body too large',
  'problem.unsupportedMediaType': 'Unsupported media type',
  'problem.badJson': 'The request body is not valid JSON',
  'problem.internal': 'The service is busy, please try again later',
  'problem.idempotencyMismatch': 'This idempotency key was used for a different request',
  'problem.itemExists': 'An item with this implementation code exists',
  'problem.noDraft': 'The item has no draft to publish',
  'problem.notPublished': 'The item is not published',
  'problem.alreadyWithdrawn': 'The item is already withdrawn',
  'problem.codeChange': 'The implementation code cannot change',
  'problem.organisationExists': 'An organisation with this USCC exists',
  'problem.rateLimited': 'Too many requests',
  invalid_type: 'Wrong type',
  invalid_value: 'Value not allowed',
  invalid_format: 'Wrong format',
  too_small: 'Too short or too few',
  too_big: 'Too long or too many',
  unrecognized_keys: 'Unsupported fields',
  custom: 'Not acceptable',
  required: 'Required',
  uscc: 'Invalid unified social credit code (GB 32100 check failed)',
  regionCode: 'Region code must be 6 digits (GB/T 2260)',
  'region.unknown': 'Unknown region code (GB/T 2260)',
  url: 'Invalid URL',
  phone: 'Invalid phone number',
  'code.basic.shape': 'Basic code must be 12 digits',
  'code.basic.itemType': 'Invalid item type in the basic code',
  'code.implementation.length': 'Implementation code must be 31 characters',
  'code.implementation.uscc': 'The first 18 characters of the implementation code must be a valid USCC',
  'code.implementation.level': 'Character 19 of the implementation code must be an exercise level',
  'code.material.shape': 'Material code must be the implementation code plus a 3-digit sequence',
  'code.material.prefix': "Material code must start with the item's implementation code",
  'material.codeDuplicate': 'Duplicate material code',
  'material.sourceNote': 'Name the source of a material not supplied by the applicant',
  'material.mayBeMissingOptional': 'Only required materials may be deferred (容缺)',
  'fee.basisRequired': 'A charged item needs the legal basis of the fee',
  'fee.notCharged': 'A free item has no amount',
  'item.implementationCode.basicMismatch': 'The last 12 characters of the implementation code must equal the basic code',
  'item.implementationCode.usccMismatch': "The implementation code must start with the organisation's USCC",
  'item.implementationCode.levelMismatch': 'Character 19 of the implementation code must equal the exercise level',
  'item.itemType.basicMismatch': 'The item type must match the type in the basic code',
  'item.promisedExceedsStatutory': 'The promised time limit cannot exceed the statutory one',
  'item.immediateHasZeroLimit': 'An immediate item (即办件) has a promised limit of 0',
  'item.visitsReasonRequired': 'Give the reason when visits are required',
  'item.fullOnlineZeroVisits': 'A fully online item (level Ⅳ) requires 0 visits',
  'item.onlineUrlRequired': 'An online item needs its address',
  'item.onlineDepthWithoutOnline': 'An item not handled online has depth Ⅰ only',
  'item.onlineChannelMissing': 'An online item needs an online channel',
  'item.placeRequired': 'An item handled at a window needs a place',
  'item.organisationUnknown': 'The implementing organisation is not registered',
  'item.organisationLevel': "The exercise level differs from the organisation's level",
};

const catalogs: Record<Locale, Record<string, string>> = { 'zh-CN': zh, en };

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  for (const part of acceptLanguage.split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export function translate(locale: Locale, key: string): string {
  return catalogs[locale][key] ?? catalogs['zh-CN'][key] ?? key;
}

export function hasMessage(key: string): boolean {
  return key in zh;
}
