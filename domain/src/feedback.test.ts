import { describe, expect, it } from 'vitest';
import {
  RECTIFICATION_STATUSES, RECTIFICATION_TRANSITIONS, allowedRectificationActions, complaintInputSchema, deadlineWarning, dimensionsOf, indicatorsOf,
  isBadRating, plainText, ratingCreateSchema, ratio, stepRectification, tagsForLevel, type RectificationAction, type RectificationState,
} from './feedback.js';

const EVENT = { kind: 'application' as const, id: '0190a6f8-0000-7000-8000-000000000001' };
const online = { overall: 1, efficiency: 1, guideAccuracy: 2, convenience: 1, usability: 1 };

describe('ratings', () => {
  it('levels 4 and 5 are 差评', () => {
    expect([1, 2, 3, 4, 5].map(isBadRating)).toEqual([false, false, false, true, true]);
  });

  it('online service has five dimensions, service on site three', () => {
    expect(dimensionsOf('online')).toEqual(['overall', 'efficiency', 'guideAccuracy', 'convenience', 'usability']);
    expect(dimensionsOf('onsite')).toEqual(['efficiency', 'skill', 'attitude']);
  });

  it('accepts a good rating with praise tags', () => {
    const r = ratingCreateSchema.parse({ event: EVENT, level: 2, dimensions: online, tags: ['oneTrip'], channel: 'mobile' });
    expect(r.comment).toBe('');
    expect(r.anonymous).toBe(false);
  });

  it('refuses tags of the other kind and a 差评 without a comment, naming the fields', () => {
    const r = ratingCreateSchema.safeParse({ event: EVENT, level: 5, dimensions: online, tags: ['slow', 'oneTrip'], channel: 'pc' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['tags.1', 'comment']));
    expect(tagsForLevel(4)).toContain('slow');
    expect(tagsForLevel(3)).toContain('oneTrip');
  });

  it('refuses an unknown level and channel', () => {
    const r = ratingCreateSchema.safeParse({ event: EVENT, level: 6, dimensions: online, channel: 'fax' });
    expect(r.error!.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['level', 'channel']));
  });

  it('stores comments as plain text: markup and scripts never survive', () => {
    expect(plainText('办理很慢<script>alert(1)</script>，窗口<b>没人</b>')).toBe('办理很慢，窗口没人');
    expect(plainText('<img src=x onerror=alert(1)>等了两小时')).toBe('等了两小时');
    expect(plainText('a < b > c')).toBe('a b c');
    expect(plainText('  第一行  \n\n\n\n第二行\u0007 ')).toBe('第一行\n\n第二行');
    const r = ratingCreateSchema.parse({ event: EVENT, level: 4, dimensions: online, comment: '<a href="javascript:x">材料</a>重复提交了三次', channel: 'pc' });
    expect(r.comment).toBe('材料重复提交了三次');
  });
});

describe('the 差评 rectification machine', () => {
  const base: RectificationState = { status: 'verifying', realName: true, callbacks: 0, valid: null };
  const A = {
    callback: { type: 'callback', reached: true, note: '已电话联系' },
    valid: { type: 'judge', valid: true, reason: '情况属实' },
    invalid: { type: 'judge', valid: false, reason: '与事实不符' },
    appeal: { type: 'appeal', ground: 'mistaken', reason: '评价人误选了等级' },
    upheld: { type: 'review_appeal', upheld: true, opinion: '申诉成立' },
    dismissed: { type: 'review_appeal', upheld: false, opinion: '申诉不成立' },
    rectify: { type: 'rectify', measures: '增设引导岗位' },
    reply: { type: 'reply', message: '已整改，感谢监督' },
  } satisfies Record<string, RectificationAction>;

  const walk = (actions: [RectificationAction, 'organisation' | 'supervisor'][], state = base) => {
    let s = state;
    let outcome = null;
    for (const [a, by] of actions) {
      const r = stepRectification(s, a, by);
      if (!r.ok) throw new Error(`${a.type}: ${r.code}`);
      s = { ...s, status: r.to, valid: r.valid, callbacks: s.callbacks + (a.type === 'callback' ? 1 : 0) };
      outcome = r.outcome;
    }
    return { state: s, outcome };
  };

  it('a real-name 差评 is called back before it is judged or appealed', () => {
    expect(stepRectification(base, A.valid, 'organisation')).toEqual({ ok: false, code: 'callback_required', allowed: ['callback'] });
    expect(stepRectification(base, A.appeal, 'organisation')).toMatchObject({ ok: false, code: 'callback_required' });
    // an anonymous rating cannot be called back: the rule does not apply
    expect(stepRectification({ ...base, realName: false }, A.valid, 'organisation')).toMatchObject({ ok: true, to: 'rectifying' });
  });

  it('valid: verify → rectify → reply → closed as rectified', () => {
    const r = walk([[A.callback, 'organisation'], [A.valid, 'organisation'], [A.rectify, 'organisation'], [A.reply, 'organisation']]);
    expect(r.state.status).toBe('closed');
    expect(r.outcome).toBe('rectified');
  });

  it('not valid: verify → reply → closed as not valid', () => {
    const r = walk([[A.callback, 'organisation'], [A.invalid, 'organisation'], [A.reply, 'organisation']]);
    expect(r.outcome).toBe('not_valid');
  });

  it('an appeal is reviewed by a supervisor: upheld closes it, dismissed sends it to rectification', () => {
    const upheld = walk([[A.callback, 'organisation'], [A.appeal, 'organisation'], [A.upheld, 'supervisor']]);
    expect(upheld.state.status).toBe('closed');
    expect(upheld.outcome).toBe('appeal_upheld');
    const dismissed = walk([[A.callback, 'organisation'], [A.appeal, 'organisation'], [A.dismissed, 'supervisor']]);
    expect(dismissed.state).toMatchObject({ status: 'rectifying', valid: true });
    expect(walk([[A.rectify, 'organisation'], [A.reply, 'organisation']], dismissed.state).outcome).toBe('rectified');
  });

  it('only a supervisor reviews an appeal, and a supervisor takes no organisation step', () => {
    const appealed: RectificationState = { ...base, status: 'appealed', callbacks: 1 };
    expect(stepRectification(appealed, A.upheld, 'organisation')).toMatchObject({ ok: false, code: 'forbidden', allowed: [] });
    expect(stepRectification({ ...base, callbacks: 1 }, A.valid, 'supervisor')).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('every action outside the table is illegal in every state, with the allowed ones named', () => {
    for (const status of RECTIFICATION_STATUSES) {
      for (const a of Object.values(A)) {
        const t = RECTIFICATION_TRANSITIONS.find((x) => x.from === status && x.action === a.type);
        const r = stepRectification({ ...base, status, callbacks: 1 }, a, t?.by ?? 'organisation');
        expect(r.ok).toBe(Boolean(t));
        if (!r.ok) expect(r.allowed).toEqual(allowedRectificationActions(status));
      }
    }
    expect(allowedRectificationActions('closed')).toEqual([]);
  });

  it('deadline warnings: due within the threshold, overdue after the day', () => {
    expect(deadlineWarning(5, 2)).toBe('none');
    expect(deadlineWarning(2, 2)).toBe('due');
    expect(deadlineWarning(0, 2)).toBe('due');
    expect(deadlineWarning(-1, 2)).toBe('overdue');
    expect(deadlineWarning(null, 2)).toBe('none');
  });
});

describe('indicators', () => {
  it('follow the published formulas (hand-computed)', () => {
    // 20 ratings: 16 good, 4 差评; 3 found valid, 2 of them rectified; 3 real-name 差评, 2 called back; 25 events, 20 rated
    const i = indicatorsOf({ ratings: 20, good: 16, bad: 4, badValid: 3, badRectified: 2, badRealName: 3, badRealNameCalledBack: 2, events: 25, eventsRated: 20 });
    expect(i).toEqual({ goodRate: 0.8, rectificationRate: 0.6667, callbackRate: 0.6667, activeRate: 0.8 });
  });

  it('answer null, not zero, when there is nothing to divide by', () => {
    const i = indicatorsOf({ ratings: 0, good: 0, bad: 0, badValid: 0, badRectified: 0, badRealName: 0, badRealNameCalledBack: 0, events: 3, eventsRated: 0 });
    expect(i).toEqual({ goodRate: null, rectificationRate: null, callbackRate: null, activeRate: 0 });
    expect(ratio(1, 3)).toBe(0.3333);
  });
});

describe('complaints', () => {
  it('name what the subject needs', () => {
    const r = complaintInputSchema.safeParse({ kind: 'complaint', subject: 'staff', title: '窗口态度', content: '窗口工作人员态度生硬，不解释原因。' });
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['staffCode']);
  });

  it('keep their text plain', () => {
    const r = complaintInputSchema.parse({
      kind: 'suggestion', subject: 'organisation', organisationId: '0190a6f8-0000-7000-8000-000000000002',
      title: '<b>建议</b>延长午间服务', content: '建议中午12点至14点安排<script>x()</script>值班窗口，方便上班族。',
    });
    expect(r.title).toBe('建议延长午间服务');
    expect(r.content).toBe('建议中午12点至14点安排值班窗口，方便上班族。');
  });
});
