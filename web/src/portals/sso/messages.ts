/** Messages of the single sign-on consent page (key `sso`), registered when its chunk loads. */
import i18n from '../../i18n/index';

const zhCN = {
  title: '统一身份认证授权',
  loading: '正在读取登录请求…',
  request: '「{{client}}」申请使用您的统一身份认证账号登录',
  requestHint: '同意后，您将以下列身份进入该系统，并向其提供所列信息。',
  signInFirst: '请先登录统一身份认证平台，登录后将回到本页继续。',
  signIn: '登录',
  register: '注册账号',
  signedInAs: '当前登录：{{name}}（实名等级 {{level}} 级）',
  switchAccount: '切换账号',
  levelTooLow: '该系统要求实名等级不低于 {{required}} 级，您当前为 {{level}} 级。',
  raiseLevel: '前往个人中心提升实名等级',
  actAs: '登录身份',
  asPerson: '以个人身份（自然人）',
  asEnterprise: '代表 {{name}}（{{role}}）',
  representative: '法定代表人',
  agent: '经办人',
  shares: '将向该系统提供',
  scope: {
    openid: '您在本平台的用户标识（不含证件号码）',
    profile: '姓名',
    phone: '手机号码',
    id_card: '身份证号码',
    enterprise: '所代表企业的名称、统一社会信用代码和您的身份',
    acr: '您的实名认证等级',
  },
  agree: '同意并登录',
  deny: '拒绝',
  expired: '登录请求已失效，请回到原系统重新发起登录。',
  failed: '操作未成功：{{detail}}',
  privacy: '本平台不会向接入系统提供您的密码。您可随时在个人中心查看登录记录。',
};

const en: typeof zhCN = {
  title: 'Unified sign-on',
  loading: 'Reading the sign-in request…',
  request: '"{{client}}" asks to sign you in with your unified identity account',
  requestHint: 'If you agree, you enter that system with the identity below, and it receives the information listed.',
  signInFirst: 'Sign in to the unified identity platform first; you will come back to this page.',
  signIn: 'Sign in',
  register: 'Register',
  signedInAs: 'Signed in: {{name}} (assurance level {{level}})',
  switchAccount: 'Use another account',
  levelTooLow: 'This system requires assurance level {{required}} or higher; yours is {{level}}.',
  raiseLevel: 'Raise your level in the personal centre',
  actAs: 'Sign in as',
  asPerson: 'Myself (natural person)',
  asEnterprise: 'For {{name}} ({{role}})',
  representative: 'legal representative',
  agent: 'agent',
  shares: 'The system will receive',
  scope: {
    openid: 'your identifier on this platform (not your ID number)',
    profile: 'your name',
    phone: 'your mobile number',
    id_card: 'your ID number',
    enterprise: 'the name and credit code of the enterprise you act for, and your role',
    acr: 'your identity assurance level',
  },
  agree: 'Agree and sign in',
  deny: 'Deny',
  expired: 'The sign-in request has expired. Go back to the system you came from and try again.',
  failed: 'That did not work: {{detail}}',
  privacy: 'Your password is never given to other systems. Your sign-ins are listed in the personal centre.',
};

export function registerSsoMessages(): void {
  if (i18n.exists('sso.title', { lng: 'zh-CN', fallbackLng: false })) return;
  i18n.addResourceBundle('zh-CN', 'translation', { sso: zhCN }, true, true);
  i18n.addResourceBundle('en', 'translation', { sso: en }, true, true);
}
