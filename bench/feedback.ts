/**
 * 好差评 publication benchmark: the public figures and the rectification list over a year of
 * ratings, beside GET /api/v1/health of the same server in the same run.
 *
 * A demo node is started once (migrations and demo data) and stopped; the benchmark then writes a
 * year of window visits into its database (`--rows`, default 100 000, spread over the 杭州市
 * departments and the demo people), rates 80 % of them (50 % 非常满意, 30 % 满意, 12 % 基本满意,
 * 5 % 不满意, 3 % 非常不满意) and opens a rectification for every 差评 (four in five closed as
 * rectified); it starts the node again and measures with autocannon:
 *   - baseline: GET /api/v1/health
 *   - GET /api/v1/public/feedback/stats — the province, the last 12 months: counts of the four
 *     indicators, the level histogram and the monthly trend, over every rating
 *   - the same for one department (the busiest)
 *   - GET /api/v1/public/feedback/rectifications — the newest page of published rectifications
 *
 *   npm run bench:feedback                       # PGlite under bench/.data/feedback
 *   npm run bench:feedback -- --database-url postgres://postgres@127.0.0.1:5432/ow_bench_feedback
 *   options: --duration S (10)  --connections C (10)  --port P (3995)  --rows N (100000)
 *            --cache-seconds N (60: the public answers as a node keeps them; 0: computed for every request)
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, query } from '../server/src/platform/db.js';
import { benchOptions, idle, measure, printTable, startNodeProcess, type Figures } from './lib.js';

/** an option of this benchmark alone, taken out of argv before the common ones are parsed */
function ownOption(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv.splice(at, 2)[1]) : fallback;
}
const ROWS = ownOption('--rows', 100_000);
/** FEEDBACK_PUBLIC_CACHE_SECONDS of the measured node: 60 as deployed; 0 measures every computation */
const CACHE_SECONDS = ownOption('--cache-seconds', 60);
const { duration: DURATION, connections: CONNECTIONS, port: PORT, databaseUrl, base } = benchOptions(3995);
const dataDir = path.resolve(import.meta.dirname, '.data', 'feedback');
const env = { DATA_DIR: dataDir, SEED_DEMO: 'true', DATABASE_URL: databaseUrl ?? '' };

/** A year of visits, their ratings and the rectifications of the 差评, written in three statements. */
async function writeYear(): Promise<{ organisationId: string; ratings: number }> {
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
  try {
    const { db } = database;
    await query(db, sql`
      with orgs as (select id, region_code, (row_number() over (order by id)) - 1 as i, count(*) over () as n from organisations where region_code like '3301%'),
           people as (select id, (row_number() over (order by id)) - 1 as i, count(*) over () as n from accounts where kind = 'person'),
           clerk as (select id from accounts where username = 'clerk.xihu')
      insert into service_visits (id, organisation_id, region_code, "window", staff_id, person_account_id, item_name, summary, visited_at)
      select gen_random_uuid(), o.id, o.region_code, 'B' || (g % 9 + 1), (select id from clerk), p.id, '综合咨询', '',
             now() - make_interval(days => g % 365, secs => g % 36000)
      from generate_series(1, ${ROWS}::int) g
      join orgs o on o.i = (g * 7) % o.n
      join people p on p.i = g % p.n`);
    await query(db, sql`
      insert into ratings (id, event_kind, event_id, event_at, rater_account_id, real_name, anonymous, mode, level, dimensions, tags, comment,
                           channel, item_name, organisation_id, staff_id, region_code, excluded, created_at)
      select gen_random_uuid(), 'visit', v.id, v.visited_at, v.person_account_id, true, v.h % 10 = 0, 'onsite', v.lvl,
             jsonb_build_object('efficiency', v.lvl, 'skill', v.lvl, 'attitude', v.lvl), '[]'::jsonb,
             case when v.lvl >= 4 then '窗口排队时间较长，希望增加午间服务。' else '' end,
             'qr', v.item_name, v.organisation_id, v.staff_id, v.region_code, false, v.visited_at + interval '1 hour'
      from (select s.*, abs(hashtext(s.id::text)) % 100 as h,
                   case when abs(hashtext(s.id::text || 'l')) % 100 < 50 then 1 when abs(hashtext(s.id::text || 'l')) % 100 < 80 then 2
                        when abs(hashtext(s.id::text || 'l')) % 100 < 92 then 3 when abs(hashtext(s.id::text || 'l')) % 100 < 97 then 4 else 5 end as lvl
            from service_visits s
            where not exists (select 1 from ratings r where r.event_kind = 'visit' and r.event_id = s.id)) v
      where v.h < 80`);
    await query(db, sql`
      insert into rectifications (id, number, rating_id, organisation_id, region_code, status, outcome, valid, real_name, callbacks, called_back,
                                  measures, reply, verify_due, rectify_due, version, opened_at, closed_at, updated_at)
      select gen_random_uuid(), 'ZGB' || lpad((row_number() over (order by r.id))::text, 12, '0'), r.id, r.organisation_id, r.region_code,
             case when c then 'closed' else 'verifying' end, case when c then 'rectified' end, case when c then true end,
             not r.anonymous, case when c then 1 else 0 end, c,
             case when c then '增设午间值班窗口，高峰时段增派人员。' end, case when c then '已整改，感谢您的监督。' end,
             (r.created_at + interval '5 days')::date, (r.created_at + interval '21 days')::date, case when c then 5 else 1 end,
             r.created_at, case when c then r.created_at + interval '10 days' end, r.created_at
      from (select r.*, abs(hashtext(r.id::text)) % 5 <> 0 as c from ratings r
            where r.level >= 4 and not exists (select 1 from rectifications x where x.rating_id = r.id)) r`);
    const [busiest] = await query<{ organisation_id: string; n: number }>(db, sql`select organisation_id, count(*)::int as n from ratings group by organisation_id order by 2 desc limit 1`);
    const [total] = await query<{ n: number }>(db, sql`select count(*)::int as n from ratings`);
    return { organisationId: busiest!.organisation_id, ratings: Number(total!.n) };
  } finally {
    await database.close();
  }
}

async function main() {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  // first start: migrations and demo data; then the year of ratings, written with the node stopped
  const first = await startNodeProcess(env, PORT);
  await new Promise<void>((resolve) => {
    first.once('exit', () => resolve());
    first.kill('SIGTERM');
  });
  const { organisationId, ratings } = await writeYear();
  const server = await startNodeProcess({ ...env, FEEDBACK_PUBLIC_CACHE_SECONDS: String(CACHE_SECONDS) }, PORT);
  try {
    const urls = {
      province: `${base}/api/v1/public/feedback/stats?regionCode=330000`,
      organisation: `${base}/api/v1/public/feedback/stats?organisationId=${organisationId}`,
      rectifications: `${base}/api/v1/public/feedback/rectifications?regionCode=330000&page=1&pageSize=20`,
    };
    for (const url of Object.values(urls)) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    }
    const common = { connections: CONNECTIONS, duration: DURATION };
    const scenarios: [string, string][] = [
      ['baseline: GET /api/v1/health', `${base}/api/v1/health`],
      ['public figures, the province, 12 months', urls.province],
      ['public figures, one department, 12 months', urls.organisation],
      ['published rectifications, newest page', urls.rectifications],
    ];
    const rows: Figures[] = [];
    for (const [name, url] of scenarios) {
      await idle(PORT);
      rows.push(await measure(name, { ...common, url }));
    }
    printTable(`好差评 publication on ${databaseUrl ? 'PostgreSQL' : 'PGlite'} (${ratings} ratings; answers kept ${CACHE_SECONDS} s; ${CONNECTIONS} connections, ${DURATION} s each)`, rows);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
