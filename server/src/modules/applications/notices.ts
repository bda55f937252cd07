/**
 * What the applicant is told at each change of their application (in-app, and by text message for
 * the changes that ask something of them or give them a result). Texts are Chinese: the text
 * message templates are approved Chinese text, and the in-app notice repeats them.
 */
import { RATEABLE_APPLICATION_STATUSES } from '@onewindow/domain';
import type { Tx } from '../../platform/db.js';
import { notify } from '../notifications/service.js';
import type { applications } from './schema.js';

type Row = typeof applications.$inferSelect;

interface Notice {
  /** the status in words, as the text message says it */
  status: string;
  body: string;
  sms: boolean;
}

/** Actions the applicant hears about; staff-internal steps (审查 opinions, 绿色通道) are not among them. */
const NOTICES: Record<string, (row: Row) => Notice> = {
  submit: () => ({ status: '已提交', body: '您的申请已提交，等待受理。', sms: false }),
  request_correction: () => ({ status: '需要补正材料', body: '请按一次性告知的补正清单补充材料后重新提交，补正期间不计入办理时限。', sms: true }),
  supply_correction: () => ({ status: '补正材料已提交', body: '补正材料已提交，等待受理。', sms: false }),
  accept: () => ({ status: '已受理', body: '您的申请已受理，正在审查。', sms: true }),
  accept_with_tolerance: () => ({ status: '已容缺受理', body: '您的申请已容缺受理，请在期限内补齐所缺材料，逾期未补齐的将终止办理。', sms: true }),
  accept_with_commitment: () => ({ status: '已受理（告知承诺）', body: '您的申请已按告知承诺制受理。', sms: true }),
  accept_and_decide: (r) => decision(r),
  supply_missing: () => ({ status: '容缺材料已补齐', body: '所缺材料已补齐。', sms: false }),
  tolerance_expired: () => ({ status: '已终止', body: '容缺材料未在期限内补齐，办件已终止。', sms: true }),
  reject: () => ({ status: '不予受理', body: '您的申请不予受理，理由和法律依据见办件详情。', sms: true }),
  decide: (r) => decision(r),
  complete: () => ({ status: '已办结', body: '您的办件已办结，可在办件详情中查看和下载结果。', sms: true }),
  withdraw: () => ({ status: '已撤回', body: '您的申请已撤回。', sms: false }),
  promise_found_false: () => ({ status: '已终止', body: '经核查承诺内容与实际不符，办件已终止或决定已撤销。', sms: true }),
  start_special_procedure: () => ({ status: '进入特别程序', body: '您的办件进入特别程序（听证、专家评审等），特别程序期间不计入办理时限。', sms: true }),
  end_special_procedure: () => ({ status: '特别程序结束', body: '特别程序已结束，办件继续审查。', sms: false }),
  extend_time_limit: () => ({ status: '办理期限已延长', body: '经本机关负责人批准，您的办件办理期限已延长，新的期限见办件详情。', sms: true }),
};

function decision(row: Row): Notice {
  const granted = (row.caseState as { decision?: { outcome?: string } }).decision?.outcome === 'granted';
  return granted
    ? { status: '已准予', body: '您的申请已准予，结果送达后办结。', sms: true }
    : { status: '不予许可', body: '您的申请未获准予，理由和法律依据见办件详情。', sms: true };
}

/** The notifier the applications service calls in the change's transaction. */
export async function notifyApplicant(tx: Tx, row: Row, action: string): Promise<void> {
  const notice = NOTICES[action]?.(row);
  if (!notice) return;
  await notify(tx, {
    accountId: row.applicantAccountId,
    kind: `application.${action}`,
    title: `${row.itemName}：${notice.status}`,
    body: `办件编号 ${row.number}。${notice.body}`,
    link: `/my/applications/${row.id}`,
    applicationId: row.id,
    sms: notice.sms,
    ...(notice.sms ? { smsParams: { number: row.number, item: row.itemName, status: notice.status } } : {}),
  });
  // the service event has ended: 好差评 invites the applicant to rate it (一事一评)
  if ((RATEABLE_APPLICATION_STATUSES as readonly string[]).includes(row.status)) {
    await notify(tx, {
      accountId: row.applicantAccountId,
      kind: 'feedback.invite',
      title: `${row.itemName}：请您评价`,
      body: `办件编号 ${row.number}。欢迎对本次服务作出评价，您的评价将帮助我们改进服务。`,
      link: `/rate/application/${row.id}`,
      applicationId: row.id,
      // also by text message, whose link records the channel 短信 — unless the applicant ended it themselves (撤回)
      sms: row.status !== 'withdrawn',
      smsInvite: { number: row.number, item: row.itemName, path: `/rate/application/${row.id}?via=sms` },
    });
  }
}
